package io.cfdeploy.web;

import io.cfdeploy.api.JobsApi;
import io.cfdeploy.fetch.JobFetcher;
import io.cfdeploy.present.JobPresenter;
import io.cfdeploy.security.CurrentCaller;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

public class JobsResource implements JobsApi {
    private final CurrentCaller caller;
    private final RequestUrls urls;
    private final JobFetcher fetcher;

    @Context
    UriInfo uriInfo;

    JobsResource(CurrentCaller caller, RequestUrls urls, JobFetcher fetcher) {
        this.caller = caller;
        this.urls = urls;
        this.fetcher = fetcher;
    }

    @Override
    public Response getJob(String guid) {
        caller.get(); // any authenticated reader may see a job, as in CAPI
        JobFetcher.Found found = fetcher.find(guid);
        return Response.ok(JobPresenter.present(found.job(), found.resourceExists(), urls.of(uriInfo))).build();
    }
}
