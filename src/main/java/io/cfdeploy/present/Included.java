package io.cfdeploy.present;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** The {@code included} object CAPI's include decorators append after the resource or the list. */
public final class Included {
    private Included() {
    }

    /** Adds {@code "included": {…, key: [resources]}} to a presented resource or paginated list. */
    public static ObjectNode add(ObjectNode body, String key, List<ObjectNode> resources) {
        JsonNode existing = body.get("included");
        ObjectNode included = existing instanceof ObjectNode object ? object : body.putObject("included");
        ArrayNode items = included.putArray(key);
        resources.forEach(items::add);
        return body;
    }
}
