package io.cfdeploy.action;

import io.cfdeploy.config.CfdeployConfig;
import io.cfdeploy.error.CfError;
import io.cfdeploy.message.MetadataMessage;
import io.cfdeploy.model.MetadataEntity;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Merges requested labels and annotations into a resource: a value sets, null removes, unmentioned keys stay.
 * A change that raises the count above the configured limit is refused with CAPI's limit errors.
 */
@ApplicationScoped
public class MetadataApply {
    private final int maxLabels;
    private final int maxAnnotations;

    MetadataApply(CfdeployConfig config) {
        this.maxLabels = config.metadata().maxLabelsPerResource();
        this.maxAnnotations = config.metadata().maxAnnotationsPerResource();
    }

    public void apply(MetadataEntity resource, MetadataMessage metadata) {
        if (metadata.isEmpty()) {
            return;
        }
        Map<String, String> labels = merge(resource.labels, metadata.labels());
        if (labels.size() > resource.labels.size() && labels.size() > maxLabels) {
            throw CfError.LABEL_LIMIT_EXCEEDED.exception(metadata.labels().size(), maxLabels);
        }
        Map<String, String> annotations = merge(resource.annotations, metadata.annotations());
        if (annotations.size() > resource.annotations.size() && annotations.size() > maxAnnotations) {
            throw CfError.ANNOTATION_LIMIT_EXCEEDED.exception(metadata.annotations().size(), maxAnnotations);
        }
        resource.labels = labels;
        resource.annotations = annotations;
    }

    private static Map<String, String> merge(Map<String, String> current, Map<String, String> changes) {
        Map<String, String> merged = new LinkedHashMap<>(current);
        changes.forEach((key, value) -> {
            if (value == null) {
                merged.remove(key);
            } else {
                merged.put(key, value);
            }
        });
        return merged;
    }
}
