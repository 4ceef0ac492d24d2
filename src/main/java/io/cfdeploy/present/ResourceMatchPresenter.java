package io.cfdeploy.present;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cfdeploy.message.ResourceMatchCreateMessage.Resource;
import java.util.List;

/** CAPI's ResourceMatchPresenter: {@code {"resources":[{checksum, size_in_bytes, path, mode}]}}. */
public final class ResourceMatchPresenter {
    private ResourceMatchPresenter() {
    }

    public static ObjectNode present(List<Resource> matched) {
        ObjectNode body = Json.object();
        ArrayNode resources = body.putArray("resources");
        for (Resource resource : matched) {
            ObjectNode item = resources.addObject();
            item.putObject("checksum").put("value", resource.sha1());
            item.put("size_in_bytes", resource.sizeInBytes());
            item.put("path", resource.path());
            // the cf CLI parses it as an octal number; a file sent without one is a plain file
            item.put("mode", resource.mode() == null ? "644" : resource.mode());
        }
        return body;
    }
}
