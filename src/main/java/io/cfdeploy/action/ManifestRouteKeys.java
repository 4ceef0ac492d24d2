package io.cfdeploy.action;

/** The route keys of one manifest application; routes is null when the key is absent. */
public record ManifestRouteKeys(java.util.List<String> routes, boolean noRoute, boolean randomRoute,
        boolean defaultRoute) {
}
