package io.cfdeploy.present;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cfdeploy.model.PackageEntity;

/**
 * The package resource in CAPI's key order (PackagePresenter): guid, created_at, updated_at, type, data, state,
 * relationships, metadata, links. A docker password is never shown, only that one is set.
 */
public final class PackagePresenter {
    static final String REDACTED = "***";

    private PackagePresenter() {
    }

    public static ObjectNode present(PackageEntity pkg, Urls urls) {
        ObjectNode json = Json.resource(pkg.guid, pkg.createdAt, pkg.updatedAt);
        json.put("type", pkg.type);
        ObjectNode data = json.putObject("data");
        if (pkg.isDocker()) {
            data.put("image", pkg.image);
            data.put("username", pkg.dockerUsername);
            data.put("password", pkg.dockerUsername == null ? null : REDACTED);
        } else {
            data.put("error", pkg.error);
            data.putObject("checksum").put("type", "sha256").put("value", pkg.sha256);
        }
        json.put("state", pkg.state);
        json.putObject("relationships").set("app", Json.toOne(pkg.app.guid));
        json.set("metadata", Json.metadata(pkg.labels, pkg.annotations));
        String self = urls.of("/v3/packages/" + pkg.guid);
        ObjectNode links = json.putObject("links");
        links.set("self", Json.link(self));
        if (!pkg.isDocker()) {
            links.set("upload", Json.postLink(self + "/upload"));
            links.set("download", Json.link(self + "/download").put("method", "GET"));
        }
        links.set("app", Json.link(urls.of("/v3/apps/" + pkg.app.guid)));
        return json;
    }
}
