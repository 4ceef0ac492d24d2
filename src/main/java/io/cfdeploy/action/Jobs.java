package io.cfdeploy.action;

import io.cfdeploy.model.JobEntity;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Jobs for operations CAPI runs asynchronously. Deletes here finish inside the request's transaction, so their
 * job is already COMPLETE when the client first looks at it; clients that poll the job work unchanged.
 */
@ApplicationScoped
public class Jobs {

    public JobEntity completed(String resourceType, String resourceGuid) {
        JobEntity job = new JobEntity();
        job.operation = resourceType + ".delete";
        job.state = JobEntity.COMPLETE;
        job.resourceType = resourceType;
        job.resourceGuid = resourceGuid;
        job.persist();
        return job;
    }
}
