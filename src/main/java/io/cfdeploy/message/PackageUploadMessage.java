package io.cfdeploy.message;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cfdeploy.error.CfException;

/**
 * The form of {@code POST /v3/packages/:guid/upload} (CAPI's PackageUploadMessage, checked before the package is
 * looked up): a {@code resources} part with a JSON array of the files the server already holds, and a {@code bits}
 * file part with the zip of the others. One of them must say something: an empty array is blank, as in CAPI.
 */
public record PackageUploadMessage(boolean hasBits) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * @param resources the {@code resources} part's text, or null when absent
     * @param hasBits   whether a non-empty {@code bits} file part came
     */
    public static PackageUploadMessage validate(String resources, boolean hasBits) {
        JsonNode listed = null;
        if (resources != null) {
            try {
                listed = JSON.readTree(resources);
            } catch (JsonProcessingException notJson) {
                throw CfException.unprocessable("Resources must be valid JSON.");
            }
            if (listed == null || !listed.isArray()) {
                throw CfException.unprocessable("Resources must be valid JSON.");
            }
        }
        boolean resourcesGiven = listed != null && !listed.isEmpty();
        if (!resourcesGiven && !hasBits) {
            throw CfException.unprocessable("Upload must include either resources or bits");
        }
        if (resourcesGiven) {
            // the server never answered a resource match, so no client can have a reason to name cached files
            throw CfException.unprocessable("Resources cannot be matched: this server keeps no cached resources; "
                    + "upload every file as bits");
        }
        return new PackageUploadMessage(hasBits);
    }
}
