package io.cfdeploy.message;

import com.fasterxml.jackson.databind.JsonNode;
import io.cfdeploy.error.CfError;
import io.cfdeploy.error.CfException;

/**
 * Body of PATCH /v3/apps/:guid/relationships/current_droplet: {@code {"data": {"guid": "…"}}}. As in CAPI, a body
 * with {@code data} but no guid is refused before anything is looked up; a body without {@code data} asks for no
 * droplet, which the assignment then refuses as an unknown droplet.
 *
 * @param dropletGuid the requested droplet, or null
 */
public record CurrentDropletMessage(String dropletGuid) {
    public static final String CANNOT_REMOVE =
            "Current droplet cannot be removed. Replace it with a preferred droplet.";

    public static CurrentDropletMessage parse(JsonNode raw) {
        if (raw == null || raw.isNull() || raw.isMissingNode()) {
            return new CurrentDropletMessage(null);
        }
        if (!raw.isObject()) {
            throw CfError.MESSAGE_PARSE_ERROR.exception("invalid request body");
        }
        if (!raw.has("data")) {
            return new CurrentDropletMessage(null);
        }
        JsonNode data = raw.get("data");
        JsonNode guid = data != null && data.isObject() ? data.get("guid") : null;
        if (guid == null || guid.isNull()) {
            throw CfException.unprocessable(CANNOT_REMOVE);
        }
        return new CurrentDropletMessage(guid.isTextual() ? guid.textValue() : guid.toString());
    }
}
