package io.cfdeploy.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** The simulated runtime's pure rule, driven by a clock the test moves. */
class InstanceSimulationTest {
    private static final Duration STARTUP = Duration.ofSeconds(2);
    private static final Instant STARTED = Instant.parse("2026-01-01T00:00:00Z");

    /** A clock that only moves when told to. */
    private static final class TestClock {
        private Clock clock = Clock.fixed(STARTED, ZoneOffset.UTC);

        Instant now() {
            return clock.instant();
        }

        void advance(Duration by) {
            clock = Clock.offset(clock, by);
        }
    }

    private static InstanceStatus status(String annotation, Instant now) {
        return InstanceSimulation.status(3, "instance-guid", "droplet-guid", STARTED,
                Simulation.parse(annotation, STARTUP), now);
    }

    @Test
    void aHealthyInstanceStartsThenRunsRoutableAtTheStartupTime() {
        TestClock clock = new TestClock();
        InstanceStatus starting = status(null, clock.now());
        assertEquals(InstanceState.STARTING, starting.state());
        assertFalse(starting.routable());
        assertEquals(0, starting.uptime());
        assertEquals(STARTED, starting.since());
        assertEquals(3, starting.index());
        assertEquals("instance-guid", starting.instanceGuid());
        assertEquals("droplet-guid", starting.dropletGuid());
        assertEquals(STARTED.plus(STARTUP), InstanceSimulation.nextChange(STARTED, Simulation.parse(null, STARTUP),
                clock.now()));

        clock.advance(STARTUP.minusMillis(1));
        assertEquals(InstanceState.STARTING, status(null, clock.now()).state());
        assertEquals(STARTED.plus(STARTUP), InstanceSimulation.nextChange(STARTED, Simulation.parse(null, STARTUP),
                clock.now()));

        clock.advance(Duration.ofMillis(1));
        InstanceStatus running = status(null, clock.now());
        assertEquals(InstanceState.RUNNING, running.state());
        assertTrue(running.routable());
        assertEquals(STARTED.plus(STARTUP), running.since());
        assertEquals(2, running.uptime());
        assertNull(InstanceSimulation.nextChange(STARTED, Simulation.parse(null, STARTUP), clock.now()));

        clock.advance(Duration.ofSeconds(60));
        InstanceStatus later = status(null, clock.now());
        assertEquals(InstanceState.RUNNING, later.state());
        assertEquals(62, later.uptime(), "uptime counts from the start");
        assertEquals(STARTED.plus(STARTUP), later.since(), "since stays when the state stays");
    }

    @Test
    void aCrashingInstanceStartsThenEndsCrashedForGood() {
        TestClock clock = new TestClock();
        InstanceStatus starting = status("crash", clock.now());
        assertEquals(InstanceState.STARTING, starting.state());
        assertFalse(starting.routable());
        assertEquals(STARTED.plus(STARTUP), InstanceSimulation.nextChange(STARTED, Simulation.parse("crash", STARTUP),
                clock.now()), "the crash happens when the start-up ends");

        clock.advance(STARTUP);
        InstanceStatus crashed = status("crash", clock.now());
        assertEquals(InstanceState.CRASHED, crashed.state());
        assertFalse(crashed.routable());
        assertEquals(0, crashed.uptime());
        assertEquals(STARTED.plus(STARTUP), crashed.since());
        assertNull(InstanceSimulation.nextChange(STARTED, Simulation.parse("crash", STARTUP), clock.now()));

        clock.advance(Duration.ofHours(1));
        assertEquals(InstanceState.CRASHED, status("crash", clock.now()).state());
    }

    @Test
    void anUnreadyInstanceRunsButIsNeverRoutable() {
        TestClock clock = new TestClock();
        assertEquals(InstanceState.STARTING, status("unready", clock.now()).state());
        assertEquals(STARTED.plus(STARTUP), InstanceSimulation.nextChange(STARTED,
                Simulation.parse("unready", STARTUP), clock.now()));
        clock.advance(STARTUP);
        InstanceStatus running = status("unready", clock.now());
        assertEquals(InstanceState.RUNNING, running.state());
        assertFalse(running.routable());
        assertEquals(2, running.uptime());
        clock.advance(Duration.ofDays(1));
        assertFalse(status("unready", clock.now()).routable());
        assertNull(InstanceSimulation.nextChange(STARTED, Simulation.parse("unready", STARTUP), clock.now()));
    }

    @Test
    void aSlowInstanceUsesItsOwnStartupTime() {
        TestClock clock = new TestClock();
        Simulation slow = Simulation.parse("slow:5", STARTUP);
        assertEquals(Duration.ofSeconds(5), slow.startupTime());
        clock.advance(Duration.ofSeconds(4));
        assertEquals(InstanceState.STARTING, status("slow:5", clock.now()).state());
        assertEquals(STARTED.plusSeconds(5), InstanceSimulation.nextChange(STARTED, slow, clock.now()));
        clock.advance(Duration.ofSeconds(1));
        InstanceStatus running = status("slow:5", clock.now());
        assertEquals(InstanceState.RUNNING, running.state());
        assertTrue(running.routable());

        assertEquals(Duration.ofMillis(500), Simulation.parse("slow:0.5", STARTUP).startupTime());
        assertEquals(InstanceState.RUNNING, status("slow:0", STARTED).state(), "slow:0 is ready at once");
    }

    @Test
    void unknownOrMalformedAnnotationsAreHealthyWithTheDefaultStartup() {
        for (String annotation : new String[] {"", "explode", "slow:", "slow:abc", "slow:-1", "slow:999999"}) {
            Simulation simulation = Simulation.parse(annotation, STARTUP);
            assertEquals(Simulation.Behaviour.HEALTHY, simulation.behaviour(), annotation);
            assertEquals(STARTUP, simulation.startupTime(), annotation);
        }
        assertEquals(Simulation.Behaviour.CRASH, Simulation.parse(" CRASH ", STARTUP).behaviour());
        assertEquals(Simulation.Behaviour.UNREADY, Simulation.parse("Unready", STARTUP).behaviour());
    }
}
