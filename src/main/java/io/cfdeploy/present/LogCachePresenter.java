package io.cfdeploy.present;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cfdeploy.runtime.LogLine;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/**
 * log-cache's answers as its HTTP gateway writes them: protobuf's JSON mapping with the proto's field names, so an
 * int64 is a string, bytes are base64 and an enum is its name. The cf CLI decodes them with {@code protojson},
 * which refuses unknown fields: only loggregator v2 envelope fields appear.
 */
public final class LogCachePresenter {
    /** A log-cache release version: from 2.0.0 on, clients find the read API under {@code /api/v1}. */
    public static final String VERSION = "2.11.4+cfdeploy";

    private LogCachePresenter() {
    }

    /** {@code GET /api/v1/info}. */
    public static ObjectNode info(long uptimeSeconds) {
        return Json.object().put("version", VERSION).put("vm_uptime", Long.toString(uptimeSeconds));
    }

    /** {@code GET /api/v1/read/{source_id}}: one log envelope per line, in the order given. */
    public static ObjectNode read(String sourceId, List<LogLine> lines) {
        ObjectNode response = Json.object();
        ArrayNode batch = response.putObject("envelopes").putArray("batch");
        for (LogLine line : lines) {
            ObjectNode envelope = batch.addObject();
            envelope.put("timestamp", Long.toString(line.timestampNanos()));
            envelope.put("source_id", sourceId);
            envelope.put("instance_id", Integer.toString(line.instanceIndex()));
            envelope.putObject("tags").put("source_type", line.sourceType());
            envelope.putObject("log")
                    .put("payload", Base64.getEncoder().encodeToString(line.text().getBytes(StandardCharsets.UTF_8)))
                    .put("type", line.stderr() ? "ERR" : "OUT");
        }
        return response;
    }
}
