package io.cfdeploy.web;

import io.cfdeploy.api.LogCacheApi;
import io.cfdeploy.fetch.AppLogFetcher;
import io.cfdeploy.message.LogCacheReadQuery;
import io.cfdeploy.present.LogCachePresenter;
import io.cfdeploy.security.CurrentCaller;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.List;

/** log-cache's read API (what {@code cf logs} uses), served for the apps of this server. */
public class LogCacheResource implements LogCacheApi {
    private final CurrentCaller caller;
    private final AppLogFetcher logs;
    private final ServerUptime uptime;

    LogCacheResource(CurrentCaller caller, AppLogFetcher logs, ServerUptime uptime) {
        this.caller = caller;
        this.logs = logs;
        this.uptime = uptime;
    }

    @Override
    public Response getLogCacheInfo() {
        return Response.ok(LogCachePresenter.info(uptime.seconds())).build();
    }

    /** 400 for bad parameters first, then 404 for an app the caller cannot see. */
    @Override
    public Response readLogCache(String sourceId, String startTime, String endTime, String limit, String descending,
            List<String> envelopeTypes, String nameFilter) {
        Instant now = Instant.now();
        LogCacheReadQuery query = LogCacheReadQuery.parse(startTime, endTime, limit, descending, envelopeTypes,
                nameFilter, now.getEpochSecond() * 1_000_000_000L + now.getNano());
        return Response.ok(LogCachePresenter.read(sourceId, logs.read(caller.get(), sourceId, query))).build();
    }
}
