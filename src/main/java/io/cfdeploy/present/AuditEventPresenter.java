package io.cfdeploy.present;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cfdeploy.model.AuditEventEntity;

/**
 * The audit event resource in CAPI's key order (EventPresenter): guid, timestamps, type, actor, target, data,
 * space and organization ({@code {"guid": …}} or null), links.
 */
public final class AuditEventPresenter {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private AuditEventPresenter() {
    }

    public static ObjectNode present(AuditEventEntity event, Urls urls) {
        ObjectNode json = Json.resource(event.guid, event.createdAt, event.updatedAt);
        json.put("type", event.type);
        json.set("actor", named(event.actorGuid, event.actorType, event.actorName));
        json.set("target", named(event.targetGuid, event.targetType, event.targetName));
        json.set("data", event.data == null ? Json.object() : MAPPER.valueToTree(event.data));
        json.set("space", blank(event.spaceGuid) ? null : Json.guidRef(event.spaceGuid));
        json.set("organization", blank(event.organizationGuid) ? null : Json.guidRef(event.organizationGuid));
        json.putObject("links").set("self", Json.link(urls.of("/v3/audit_events/" + event.guid)));
        return json;
    }

    /** {@code {"guid", "type", "name"}}, or null when there is no guid (CAPI: nil actor/actee). */
    private static ObjectNode named(String guid, String type, String name) {
        if (guid == null) {
            return null;
        }
        return Json.object().put("guid", guid).put("type", type).put("name", name);
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
