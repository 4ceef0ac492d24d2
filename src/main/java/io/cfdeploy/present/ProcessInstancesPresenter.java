package io.cfdeploy.present;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cfdeploy.model.ProcessEntity;
import io.cfdeploy.runtime.InstanceState;
import io.cfdeploy.runtime.InstanceStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A process's instances as CAPI's {@code process_instances} shows them ({@code GET
 * /v3/processes/:guid/process_instances} and {@code embed=process_instances}): one {@code {index, state, since}} per
 * desired instance, sorted by index; {@code since} is the seconds spent in that state. A desired instance the
 * runtime does not report (every instance of a stopped app) is DOWN with {@code since} null, as in the stats.
 */
public final class ProcessInstancesPresenter {
    private ProcessInstancesPresenter() {
    }

    /**
     * @param started   whether the process is started (its app is)
     * @param instances what the runtime reports
     * @param now       the moment {@code since} is measured to
     */
    public static ArrayNode entries(ProcessEntity process, boolean started, List<InstanceStatus> instances,
            Instant now) {
        Map<Integer, InstanceStatus> byIndex = new HashMap<>();
        if (started) {
            instances.forEach(instance -> byIndex.put(instance.index(), instance));
        }
        ArrayNode entries = JsonNodeFactory.instance.arrayNode();
        for (int index = 0; index < process.instances; index++) {
            InstanceStatus instance = byIndex.get(index);
            ObjectNode entry = entries.addObject();
            entry.put("index", index);
            if (instance == null || instance.state() == InstanceState.DOWN) {
                entry.put("state", InstanceState.DOWN.name());
                entry.putNull("since");
            } else {
                entry.put("state", instance.state().name());
                entry.put("since", Math.max(0, Duration.between(instance.since(), now).getSeconds()));
            }
        }
        return entries;
    }

    /** {@code GET /v3/processes/:guid/process_instances}. */
    public static ObjectNode present(ProcessEntity process, boolean started, List<InstanceStatus> instances,
            Instant now, Urls urls) {
        ObjectNode body = Json.object();
        body.set("resources", entries(process, started, instances, now));
        String processUrl = urls.of("/v3/processes/" + process.guid);
        ObjectNode links = body.putObject("links");
        links.set("self", Json.link(processUrl + "/process_instances"));
        links.set("process", Json.link(processUrl));
        return body;
    }
}
