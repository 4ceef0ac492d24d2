package io.cfdeploy.action;

import io.cfdeploy.audit.AuditRecorder;
import io.cfdeploy.error.CfException;
import io.cfdeploy.fetch.AppFetcher;
import io.cfdeploy.fetch.Visible;
import io.cfdeploy.message.PackageCreateMessage;
import io.cfdeploy.model.AppEntity;
import io.cfdeploy.model.PackageEntity;
import io.cfdeploy.security.Caller;
import io.cfdeploy.security.Permissions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.LinkedHashMap;
import java.util.Map;

/** Create packages (CAPI's PackagesController#create with PackageCreate), in one transaction with its event. */
@ApplicationScoped
public class PackageActions {
    static final String INVALID_APP = "App is invalid. Ensure it exists and you have access to it.";
    static final String BITS_FOR_DOCKER_APP = "Cannot create bits package for a Docker app.";
    static final String DOCKER_FOR_BUILDPACK_APP = "Cannot create Docker package for a buildpack app.";

    private final AppFetcher apps;
    private final MetadataApply metadata;
    private final AuditRecorder audit;

    PackageActions(AppFetcher apps, MetadataApply metadata, AuditRecorder audit) {
        this.apps = apps;
        this.metadata = metadata;
        this.audit = audit;
    }

    /**
     * CAPI's order: the body's 422s; 422 unless the app exists and is readable; 403 unless admin or space
     * developer; 403 if suspended; 422 when the type does not fit the app's lifecycle. Bits await their upload;
     * a docker package is READY at once. Records {@code audit.app.package.create}.
     */
    @Transactional
    public PackageEntity create(Caller caller, PackageCreateMessage message) {
        Visible<AppEntity> visible = apps.readableOr(caller, message.appGuid(),
                () -> CfException.unprocessable(INVALID_APP));
        AppEntity app = visible.resource();
        if (!visible.roles().canWriteToSpace()) {
            throw CfException.notAuthorized();
        }
        Permissions.requireActive(caller, app.space);
        boolean dockerApp = PackageEntity.DOCKER.equals(app.lifecycleType);
        if (message.isDocker() && !dockerApp) {
            throw CfException.unprocessable(DOCKER_FOR_BUILDPACK_APP);
        }
        if (!message.isDocker() && dockerApp) {
            throw CfException.unprocessable(BITS_FOR_DOCKER_APP);
        }
        PackageEntity pkg = new PackageEntity();
        pkg.app = app;
        pkg.type = message.type();
        if (message.isDocker()) {
            pkg.state = PackageEntity.READY;
            pkg.image = message.image();
            pkg.dockerUsername = message.username();
            pkg.dockerPassword = message.password();
        } else {
            pkg.state = PackageEntity.AWAITING_UPLOAD;
        }
        metadata.apply(pkg, message.metadata());
        pkg.persist();
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("type", pkg.type);
        audit.record("audit.app.package.create", Actors.of(caller), AppTargets.of(app),
                Map.of("package_guid", pkg.guid, "request", request));
        return pkg;
    }
}
