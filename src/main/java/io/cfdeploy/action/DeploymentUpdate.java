package io.cfdeploy.action;

import io.cfdeploy.error.CfException;
import io.cfdeploy.fetch.DeploymentFetcher;
import io.cfdeploy.fetch.Visible;
import io.cfdeploy.message.DeploymentUpdateMessage;
import io.cfdeploy.message.Parsed;
import io.cfdeploy.model.DeploymentEntity;
import io.cfdeploy.security.Caller;
import io.cfdeploy.security.Permissions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

/** {@code PATCH /v3/deployments/:guid}: metadata, in one transaction with the deployment row locked. */
@ApplicationScoped
public class DeploymentUpdate {
    private final EntityManager em;
    private final DeploymentFetcher deployments;
    private final MetadataApply metadata;

    DeploymentUpdate(EntityManager em, DeploymentFetcher deployments, MetadataApply metadata) {
        this.em = em;
        this.deployments = deployments;
        this.metadata = metadata;
    }

    /**
     * {@code PATCH /v3/deployments/:guid}, spec §2.4: 404 unless readable, 403 unless admin or space developer, 403
     * suspended, then the message's 422s; labels and annotations applied; updated_at advances.
     */
    @Transactional
    public DeploymentEntity update(Caller caller, String guid, Parsed<DeploymentUpdateMessage> body) {
        Visible<DeploymentEntity> found = deployments.readable(caller, guid);
        if (!found.roles().canWriteToSpace()) {
            throw CfException.notAuthorized();
        }
        DeploymentEntity deployment = found.resource();
        Permissions.requireActive(caller, deployment.app.space);
        DeploymentUpdateMessage message = body.message();
        em.refresh(deployment, LockModeType.PESSIMISTIC_WRITE);
        metadata.apply(deployment, message.metadata());
        deployment.updatedAt = DeploymentEntity.now();
        em.flush();
        return deployment;
    }
}
