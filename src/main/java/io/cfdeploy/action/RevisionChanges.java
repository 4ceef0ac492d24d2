package io.cfdeploy.action;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * The pure part of CAPI's RevisionResolver: what differs between two snapshots of "what an app runs", the
 * description of a new revision, and the next version number. No database, no clock: a function of its inputs.
 */
public final class RevisionChanges {
    public static final int MAX_VERSION = 9999;
    public static final String INITIAL = "Initial revision.";
    public static final String NO_UPDATE_ROLLBACK = "Unable to rollback. The code and configuration you are rolling "
            + "back to is the same as the deployed revision.";

    private RevisionChanges() {
    }

    /**
     * What a revision captures.
     *
     * @param dropletGuid the droplet
     * @param environment the environment variables
     * @param commands    process type → the user's custom command, or null for the droplet's own
     * @param sidecars    sidecar definitions (compared ignoring order, by name)
     */
    public record Snapshot(String dropletGuid, Map<String, String> environment, Map<String, String> commands,
            List<Map<String, Object>> sidecars) {
        public Snapshot {
            environment = environment == null ? Map.of() : environment;
            commands = commands == null ? Map.of() : commands;
            sidecars = sidecars == null ? List.of() : sidecars;
        }
    }

    /** The outcome of resolving: reuse the latest revision, or create one with this description. */
    public record Decision(boolean create, String description) {
        public static Decision reuse() {
            return new Decision(false, null);
        }

        public static Decision create(String description) {
            return new Decision(true, description);
        }
    }

    /**
     * A start, restart or deployment without a target revision: no latest revision → "Initial revision."; changes →
     * a new revision described by them; none → reuse the latest.
     */
    public static Decision update(Snapshot latest, Snapshot current) {
        if (latest == null) {
            return Decision.create(INITIAL);
        }
        List<String> reasons = reasons(latest, current);
        return reasons.isEmpty() ? Decision.reuse() : Decision.create(String.join(" ", reasons));
    }

    /**
     * A rollback to {@code target}: always a new revision, described by the changes from the latest plus "Rolled
     * back to revision N."; no changes at all is refused (422 {@link #NO_UPDATE_ROLLBACK}).
     *
     * @return the description of the new revision, or null when there is nothing to roll back
     */
    public static String rollback(Snapshot latest, Snapshot target, int targetVersion) {
        List<String> reasons = latest == null ? new ArrayList<>() : new ArrayList<>(reasons(latest, target));
        if (latest != null && reasons.isEmpty()) {
            return null;
        }
        reasons.add("Rolled back to revision " + targetVersion + ".");
        return String.join(" ", reasons);
    }

    /** Every difference, in CAPI's words, sorted (CAPI sorts the reasons before joining them). */
    public static List<String> reasons(Snapshot latest, Snapshot next) {
        List<String> reasons = new ArrayList<>();
        if (!Objects.equals(latest.dropletGuid(), next.dropletGuid())) {
            reasons.add("New droplet deployed.");
        }
        if (!latest.environment().equals(next.environment())) {
            reasons.add("New environment variables deployed.");
        }
        TreeSet<String> types = new TreeSet<>(latest.commands().keySet());
        types.addAll(next.commands().keySet());
        for (String type : types) {
            boolean before = latest.commands().containsKey(type);
            boolean after = next.commands().containsKey(type);
            String was = latest.commands().get(type);
            String is = next.commands().get(type);
            if (!before) {
                reasons.add("New process type '" + type + "' added.");
            } else if (!after) {
                reasons.add("Process type '" + type + "' removed.");
            } else if (!Objects.equals(was, is)) {
                if (was == null) {
                    reasons.add("Custom start command added for '" + type + "' process.");
                } else if (is == null) {
                    reasons.add("Custom start command removed for '" + type + "' process.");
                } else {
                    reasons.add("Custom start command updated for '" + type + "' process.");
                }
            }
        }
        if (!bySidecarName(latest.sidecars()).equals(bySidecarName(next.sidecars()))) {
            reasons.add("Sidecars updated.");
        }
        reasons.sort(Comparator.naturalOrder());
        return reasons;
    }

    /** After {@code latest} (null when the app has none) comes 1, 2, … 9999, then 1 again. */
    public static int nextVersion(Integer latest) {
        return latest == null || latest >= MAX_VERSION ? 1 : latest + 1;
    }

    private static List<Map<String, Object>> bySidecarName(List<Map<String, Object>> sidecars) {
        List<Map<String, Object>> sorted = new ArrayList<>();
        sidecars.forEach(sidecar -> sorted.add(new LinkedHashMap<>(sidecar)));
        sorted.sort(Comparator.comparing(sidecar -> String.valueOf(sidecar.get("name"))));
        return sorted;
    }
}
