package io.cfdeploy.present;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cfdeploy.model.RevisionEntity;
import java.util.Collection;
import java.util.Map;

/**
 * The revision resource in CAPI's RevisionPresenter key order (research §4, which corrects spec §8): guid,
 * version, droplet, processes, sidecars, description, relationships, created_at, updated_at, links, metadata,
 * deployable.
 */
public final class RevisionPresenter {
    private RevisionPresenter() {
    }

    /**
     * @param appGuid    the revision's app
     * @param deployable whether its droplet exists and is STAGED
     */
    public static ObjectNode present(RevisionEntity revision, String appGuid, boolean deployable, Urls urls) {
        ObjectNode json = Json.object();
        json.put("guid", revision.guid);
        json.put("version", revision.version);
        json.putObject("droplet").put("guid", revision.dropletGuid);
        ObjectNode processes = json.putObject("processes");
        revision.processes.forEach((type, command) -> processes.putObject(type).put("command", command));
        ArrayNode sidecars = json.putArray("sidecars");
        for (Map<String, Object> sidecar : revision.sidecars) {
            ObjectNode item = sidecars.addObject();
            item.put("name", (String) sidecar.get("name"));
            item.put("command", (String) sidecar.get("command"));
            ArrayNode types = item.putArray("process_types");
            if (sidecar.get("process_types") instanceof Collection<?> values) {
                values.forEach(value -> types.add(String.valueOf(value)));
            }
            if (sidecar.get("memory_in_mb") instanceof Number memory) {
                item.put("memory_in_mb", memory.intValue());
            } else {
                item.putNull("memory_in_mb");
            }
        }
        json.put("description", revision.description);
        json.putObject("relationships").set("app", Json.toOne(appGuid));
        json.put("created_at", Json.timestamp(revision.createdAt));
        json.put("updated_at", Json.timestamp(revision.updatedAt));
        String self = urls.of("/v3/revisions/" + revision.guid);
        ObjectNode links = json.putObject("links");
        links.set("self", Json.link(self));
        links.set("app", Json.link(urls.of("/v3/apps/" + appGuid)));
        links.set("environment_variables", Json.link(self + "/environment_variables"));
        json.set("metadata", Json.metadata(revision.labels, revision.annotations));
        json.put("deployable", deployable);
        return json;
    }

    /** {@code GET /v3/revisions/:guid/environment_variables}: {@code var} and links self, revision, app. */
    public static ObjectNode environmentVariables(RevisionEntity revision, String appGuid, Urls urls) {
        ObjectNode json = Json.object();
        ObjectNode vars = json.putObject("var");
        revision.environmentVariables.forEach(vars::put);
        String self = urls.of("/v3/revisions/" + revision.guid);
        ObjectNode links = json.putObject("links");
        links.set("self", Json.link(self + "/environment_variables"));
        links.set("revision", Json.link(self));
        links.set("app", Json.link(urls.of("/v3/apps/" + appGuid)));
        return json;
    }
}
