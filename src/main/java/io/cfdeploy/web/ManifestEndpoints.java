package io.cfdeploy.web;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cfdeploy.action.ManifestApply;
import io.cfdeploy.error.CfError;
import io.cfdeploy.fetch.ManifestFetcher;
import io.cfdeploy.fetch.ManifestFetcher.AppManifestParts;
import io.cfdeploy.message.ManifestMessage;
import io.cfdeploy.model.JobEntity;
import io.cfdeploy.present.AppManifestPresenter;
import io.cfdeploy.present.ManifestDiffPresenter;
import io.cfdeploy.present.Urls;
import io.cfdeploy.security.CurrentCaller;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The manifest routes: {@code apply_manifest} and {@code manifest_diff} under a space (SpacesResource delegates
 * here), {@code GET /v3/apps/:guid/manifest} (AppsResource delegates here). CAPI's order: the content type, the
 * YAML and its keys, then the space's access.
 */
@ApplicationScoped
public class ManifestEndpoints {
    static final String NOT_YAML = "Content-Type must be yaml";
    private static final Set<String> YAML_TYPES = Set.of("application/x-yaml", "text/yaml", "application/yaml",
            "text/x-yaml");

    private final CurrentCaller caller;
    private final ManifestFetcher manifests;
    private final ManifestApply apply;

    ManifestEndpoints(CurrentCaller caller, ManifestFetcher manifests, ManifestApply apply) {
        this.caller = caller;
        this.manifests = manifests;
        this.apply = apply;
    }

    /** 202 with the job's absolute location; the job is already final (see {@link ManifestApply}). */
    public Response apply(String spaceGuid, MediaType type, String yaml, Urls urls) {
        ManifestMessage manifest = parse(type, yaml);
        JobEntity job = apply.apply(caller.get(), spaceGuid, manifest);
        return Jobs.accepted(job, urls);
    }

    /** 201 with the differences. */
    @Transactional
    public Response diff(String spaceGuid, MediaType type, String yaml) {
        ManifestMessage manifest = parse(type, yaml);
        List<String> names = manifest.applications().stream().map(ManifestMessage.AppManifest::name).toList();
        List<ObjectNode> current = manifests.forDiff(caller.get(), spaceGuid, names).stream()
                .map(parts -> parts == null ? null : present(parts)).toList();
        ObjectNode body = ManifestDiffPresenter.present(manifest.document().get("applications"), current);
        return Response.status(Response.Status.CREATED).entity(body).build();
    }

    @Transactional
    public Response show(String appGuid) {
        AppManifestParts parts = manifests.readable(caller.get(), appGuid);
        return Response.ok(AppManifestPresenter.yaml(List.of(present(parts))), "application/x-yaml").build();
    }

    private static ObjectNode present(AppManifestParts parts) {
        return AppManifestPresenter.application(parts.app(), parts.processes(), parts.dockerImage(),
                parts.routeUrls());
    }

    private static ManifestMessage parse(MediaType type, String yaml) {
        if (type == null || !YAML_TYPES.contains((type.getType() + "/" + type.getSubtype()).toLowerCase(Locale.ROOT))) {
            throw CfError.BAD_REQUEST.exception(NOT_YAML);
        }
        return ManifestMessage.parse(yaml == null ? "" : yaml);
    }
}
