package io.cfdeploy.web;

import io.cfdeploy.model.JobEntity;
import io.cfdeploy.present.Urls;
import jakarta.ws.rs.core.Response;
import java.net.URI;

/** 202 Accepted with the job's location, as CAPI answers asynchronous operations. */
final class Jobs {
    private Jobs() {
    }

    static Response accepted(JobEntity job, Urls urls) {
        return Response.accepted().location(URI.create(urls.of("/v3/jobs/" + job.guid))).build();
    }

    /** 202 with the job's location and a body (e.g. the droplet of an upload). */
    static Response accepted(JobEntity job, Urls urls, Object body) {
        return Response.accepted(body).location(URI.create(urls.of("/v3/jobs/" + job.guid))).build();
    }
}
