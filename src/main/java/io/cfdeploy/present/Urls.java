package io.cfdeploy.present;

/** Absolute links for the current request, from the configured external URL or the request's own. */
public final class Urls {
    private final String base;

    public Urls(String base) {
        this.base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    }

    public String base() {
        return base;
    }

    /** {@code path} must start with "/". */
    public String of(String path) {
        return base + path;
    }
}
