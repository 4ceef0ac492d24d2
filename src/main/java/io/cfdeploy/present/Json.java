package io.cfdeploy.present;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Map;

/** Small builders for the JSON shapes every presenter repeats. */
public final class Json {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private Json() {
    }

    public static ObjectNode object() {
        return NODES.objectNode();
    }

    /** CF timestamps: UTC, whole seconds, {@code YYYY-MM-DDThh:mm:ssZ}. */
    public static String timestamp(Instant instant) {
        return DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.SECONDS));
    }

    /** {@code {"href": …}} */
    public static ObjectNode link(String href) {
        return object().put("href", href);
    }

    /** {@code {"href": …, "method": "POST"}} for action links. */
    public static ObjectNode postLink(String href) {
        return link(href).put("method", "POST");
    }

    /** {@code {"data": {"guid": …}}}, or {@code {"data": null}}. */
    public static ObjectNode toOne(String guid) {
        ObjectNode relationship = object();
        if (guid == null) {
            relationship.putNull("data");
        } else {
            relationship.putObject("data").put("guid", guid);
        }
        return relationship;
    }

    /** {@code {"guid": …}} or JSON null. */
    public static ObjectNode guidRef(String guid) {
        return guid == null ? null : object().put("guid", guid);
    }

    /** {@code {"labels": {…}, "annotations": {…}}}, always both keys. */
    public static ObjectNode metadata(Map<String, String> labels, Map<String, String> annotations) {
        ObjectNode metadata = object();
        ObjectNode labelNode = metadata.putObject("labels");
        labels.forEach(labelNode::put);
        ObjectNode annotationNode = metadata.putObject("annotations");
        annotations.forEach(annotationNode::put);
        return metadata;
    }

    /** guid, created_at, updated_at: the opening keys of every resource. */
    public static ObjectNode resource(String guid, Instant createdAt, Instant updatedAt) {
        return object().put("guid", guid).put("created_at", timestamp(createdAt))
                .put("updated_at", timestamp(updatedAt));
    }
}
