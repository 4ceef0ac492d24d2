package io.cfdeploy.action;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cfdeploy.action.RevisionChanges.Decision;
import io.cfdeploy.action.RevisionChanges.Snapshot;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The revision decision as a function of two snapshots: no database. */
class RevisionChangesTest {
    private static final Snapshot BASE = snapshot("droplet-1", Map.of("A", "1"), commands("web", null),
            List.of());

    private static Snapshot snapshot(String droplet, Map<String, String> env, Map<String, String> commands,
            List<Map<String, Object>> sidecars) {
        return new Snapshot(droplet, env, commands, sidecars);
    }

    /** A command map that may hold nulls (Map.of may not). */
    private static Map<String, String> commands(String... typeAndCommand) {
        Map<String, String> commands = new LinkedHashMap<>();
        for (int i = 0; i < typeAndCommand.length; i += 2) {
            commands.put(typeAndCommand[i], typeAndCommand[i + 1]);
        }
        return commands;
    }

    @Test
    void theFirstRevisionIsTheInitialOne() {
        assertEquals(Decision.create("Initial revision."), RevisionChanges.update(null, BASE));
    }

    @Test
    void nothingChangedReusesTheLatest() {
        Snapshot same = snapshot("droplet-1", new HashMap<>(Map.of("A", "1")), commands("web", null), List.of());
        Decision decision = RevisionChanges.update(BASE, same);
        assertFalse(decision.create());
        assertNull(decision.description());
    }

    @Test
    void eachKindOfChangeHasCapisText() {
        assertEquals(List.of("New droplet deployed."), RevisionChanges.reasons(BASE,
                snapshot("droplet-2", Map.of("A", "1"), commands("web", null), List.of())));
        assertEquals(List.of("New environment variables deployed."), RevisionChanges.reasons(BASE,
                snapshot("droplet-1", Map.of("A", "2"), commands("web", null), List.of())));
        assertEquals(List.of("New environment variables deployed."), RevisionChanges.reasons(BASE,
                snapshot("droplet-1", Map.of(), commands("web", null), List.of())));
        assertEquals(List.of("New process type 'worker' added."), RevisionChanges.reasons(BASE,
                snapshot("droplet-1", Map.of("A", "1"), commands("web", null, "worker", null), List.of())));
        assertEquals(List.of("Process type 'web' removed."), RevisionChanges.reasons(BASE,
                snapshot("droplet-1", Map.of("A", "1"), commands(), List.of())));
        assertEquals(List.of("Custom start command added for 'web' process."), RevisionChanges.reasons(BASE,
                snapshot("droplet-1", Map.of("A", "1"), commands("web", "run"), List.of())));
        Snapshot withCommand = snapshot("droplet-1", Map.of("A", "1"), commands("web", "run"), List.of());
        assertEquals(List.of("Custom start command removed for 'web' process."),
                RevisionChanges.reasons(withCommand, BASE));
        assertEquals(List.of("Custom start command updated for 'web' process."), RevisionChanges.reasons(
                withCommand, snapshot("droplet-1", Map.of("A", "1"), commands("web", "walk"), List.of())));
        assertEquals(List.of("Sidecars updated."), RevisionChanges.reasons(BASE, snapshot("droplet-1",
                Map.of("A", "1"), commands("web", null), List.of(Map.of("name", "side", "command", "x")))));
    }

    @Test
    void reasonsAreSortedAndJoinedWithASpace() {
        Snapshot next = snapshot("droplet-2", Map.of("B", "1"), commands("web", "run", "worker", null), List.of());
        assertEquals(Decision.create("Custom start command added for 'web' process. New droplet deployed. "
                + "New environment variables deployed. New process type 'worker' added."),
                RevisionChanges.update(BASE, next));
    }

    @Test
    void sidecarOrderDoesNotMatter() {
        Map<String, Object> a = Map.of("name", "a", "command", "x");
        Map<String, Object> b = Map.of("name", "b", "command", "y");
        Snapshot ab = snapshot("d", Map.of(), Map.of(), List.of(a, b));
        Snapshot ba = snapshot("d", Map.of(), Map.of(), List.of(b, a));
        assertTrue(RevisionChanges.reasons(ab, ba).isEmpty());
    }

    @Test
    void environmentKeyOrderDoesNotMatter() {
        Map<String, String> ab = new LinkedHashMap<>();
        ab.put("A", "1");
        ab.put("B", "2");
        Map<String, String> ba = new LinkedHashMap<>();
        ba.put("B", "2");
        ba.put("A", "1");
        assertTrue(RevisionChanges.reasons(snapshot("d", ab, Map.of(), List.of()),
                snapshot("d", ba, Map.of(), List.of())).isEmpty());
    }

    @Test
    void aRollbackAddsItsTargetAndRefusesANoOp() {
        Snapshot target = snapshot("droplet-0", Map.of("A", "1"), commands("web", null), List.of());
        assertEquals("New droplet deployed. Rolled back to revision 3.", RevisionChanges.rollback(BASE, target, 3));
        assertNull(RevisionChanges.rollback(BASE, BASE, 3));
    }

    @Test
    void versionsCountUpAndWrapAfter9999() {
        assertEquals(1, RevisionChanges.nextVersion(null));
        assertEquals(2, RevisionChanges.nextVersion(1));
        assertEquals(9999, RevisionChanges.nextVersion(9998));
        assertEquals(1, RevisionChanges.nextVersion(9999));
    }
}
