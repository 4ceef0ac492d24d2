package io.cfdeploy.action;

/** Placeholder until routes land: the manifest's route keys change nothing yet. */
@jakarta.enterprise.context.ApplicationScoped
public class ManifestRoutes {
    /** Applies the keys to the app's routes as CAPI's app_apply_manifest does (cf-push.md §3 and §2.6). */
    public void apply(io.cfdeploy.model.AppEntity app, ManifestRouteKeys keys) {
    }
}
