package io.cfdeploy.action;

import io.cfdeploy.model.JobEntity;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Jobs for operations CAPI runs asynchronously. Deletes and droplet uploads here finish inside the request, so
 * their job is already COMPLETE (or FAILED) when the client first looks at it; clients that poll the job work
 * unchanged.
 */
@ApplicationScoped
public class Jobs {

    /** A finished {@code <resourceType>.delete} job. */
    public JobEntity completed(String resourceType, String resourceGuid) {
        return completed(resourceType + ".delete", resourceType, resourceGuid);
    }

    /** A finished job of any operation (e.g. {@code droplet.upload}). */
    public JobEntity completed(String operation, String resourceType, String resourceGuid) {
        return create(operation, resourceType, resourceGuid, JobEntity.COMPLETE);
    }

    /** A job still PROCESSING; finish it with {@link #complete} or {@link #fail}. */
    public JobEntity started(String operation, String resourceType, String resourceGuid) {
        return create(operation, resourceType, resourceGuid, JobEntity.PROCESSING);
    }

    private static JobEntity create(String operation, String resourceType, String resourceGuid, String state) {
        JobEntity job = new JobEntity();
        job.operation = operation;
        job.state = state;
        job.resourceType = resourceType;
        job.resourceGuid = resourceGuid;
        job.persist();
        return job;
    }

    public void complete(JobEntity job) {
        job.state = JobEntity.COMPLETE;
    }

    /** Marks the job FAILED with one error in CAPI's shape ({@code title}, {@code detail}, {@code code}). */
    public void fail(JobEntity job, String title, String detail, int code) {
        job.state = JobEntity.FAILED;
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("title", title);
        error.put("detail", detail);
        error.put("code", code);
        job.errors = List.of(error);
    }
}
