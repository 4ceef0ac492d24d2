package io.cfdeploy.present;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cfdeploy.model.JobEntity;
import java.util.List;
import java.util.Map;

/**
 * The job resource in CAPI's key order (JobPresenter): guid, timestamps, operation, state, errors, warnings,
 * links. {@code links.<resource_type>} is present only while the resource still exists.
 */
public final class JobPresenter {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private JobPresenter() {
    }

    public static ObjectNode present(JobEntity job, boolean resourceExists, Urls urls) {
        ObjectNode json = Json.resource(job.guid, job.createdAt, job.updatedAt);
        json.put("operation", job.operation);
        json.put("state", job.state);
        ArrayNode errors = json.putArray("errors");
        if (!JobEntity.COMPLETE.equals(job.state)) {
            addAll(errors, job.errors);
        }
        addAll(json.putArray("warnings"), job.warnings);
        ObjectNode links = json.putObject("links");
        links.set("self", Json.link(urls.of("/v3/jobs/" + job.guid)));
        if (resourceExists) {
            links.set(job.resourceType, Json.link(urls.of("/v3/" + job.resourceCollection() + "/" + job.resourceGuid)));
        }
        return json;
    }

    private static void addAll(ArrayNode array, List<Map<String, Object>> items) {
        if (items != null) {
            items.forEach(item -> array.add(MAPPER.valueToTree(item)));
        }
    }
}
