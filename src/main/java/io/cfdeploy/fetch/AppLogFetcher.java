package io.cfdeploy.fetch;

import io.cfdeploy.message.LogCacheReadQuery;
import io.cfdeploy.runtime.InstanceRuntime;
import io.cfdeploy.runtime.LogLine;
import io.cfdeploy.security.Caller;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/**
 * What an app's instances wrote, for log-cache's read: whoever may see the app may read its logs (CAPI's
 * {@code /internal/v4/log_access}, which log-cache asks, checks the space's readers as the app fetcher does).
 */
@ApplicationScoped
public class AppLogFetcher {
    private final AppFetcher apps;
    private final InstanceRuntime runtime;

    AppLogFetcher(AppFetcher apps, InstanceRuntime runtime) {
        this.apps = apps;
        this.runtime = runtime;
    }

    /** The app's lines in the query's window and order; 404 "App not found" when the caller cannot see it. */
    public List<LogLine> read(Caller caller, String appGuid, LogCacheReadQuery query) {
        apps.readable(caller, appGuid);
        if (!query.logs()) {
            return List.of();
        }
        return runtime.logs(appGuid, query.startNanos(), query.endNanos(), query.limit(), query.descending());
    }
}
