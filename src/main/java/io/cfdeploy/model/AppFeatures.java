package io.cfdeploy.model;

import java.util.List;

/** The features an app has (CAPI's {@code /v3/apps/:guid/features}), in CAPI's order. */
public final class AppFeatures {
    /** SSH access to instances: always off here (no SSH proxy), and read-only. */
    public static final String SSH = "ssh";
    /** Versioning of what the app runs: {@link AppEntity#revisionsEnabled}. */
    public static final String REVISIONS = "revisions";
    public static final List<String> ALL = List.of(SSH, REVISIONS);

    private AppFeatures() {
    }

    public static boolean exists(String name) {
        return ALL.contains(name);
    }
}
