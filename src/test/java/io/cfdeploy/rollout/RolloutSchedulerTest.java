package io.cfdeploy.rollout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The scheduler's bookkeeping with a scripted stepper: when passes run, how often, and when it lets go. */
class RolloutSchedulerTest {
    private final Clock clock = Clock.systemUTC();
    private final List<String> passes = Collections.synchronizedList(new ArrayList<>());
    private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();
    /** Stands in for Quarkus' managed executor, with more threads than the scheduler may use at once. */
    private final ScheduledExecutorService executor = Executors.newScheduledThreadPool(8);
    private RolloutScheduler scheduler;

    @AfterEach
    void stop() {
        if (scheduler != null) {
            scheduler.stop();
        }
        executor.shutdownNow();
    }

    private RolloutScheduler start(Function<String, Progress> stepper, List<String> moving) {
        return start(stepper, moving, 2);
    }

    private RolloutScheduler start(Function<String, Progress> stepper, List<String> moving, int maxConcurrentSteps) {
        scheduler = new RolloutScheduler(guid -> {
            passes.add(guid);
            counts.computeIfAbsent(guid, g -> new AtomicInteger()).incrementAndGet();
            return stepper.apply(guid);
        }, () -> moving, clock, executor);
        scheduler.start(maxConcurrentSteps);
        return scheduler;
    }

    private int count(String guid) {
        AtomicInteger count = counts.get(guid);
        return count == null ? 0 : count.get();
    }

    private void awaitIdle() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (scheduler.watching() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(0, scheduler.watching(), "the scheduler still watches " + passes);
    }

    @Test
    void aWokenDeploymentIsSteppedUntilTheEngineLetsGo() throws InterruptedException {
        start(guid -> count(guid) < 3 ? Progress.at(clock.instant().plusMillis(50)) : Progress.idle(), List.of());
        scheduler.wake("d1");
        awaitIdle();
        assertEquals(3, count("d1"));
    }

    @Test
    void activeWithoutANextCheckWaitsForAnEvent() throws InterruptedException {
        start(guid -> Progress.at(null), List.of());
        scheduler.wake("d1");
        awaitIdle();
        assertEquals(1, count("d1"));
        scheduler.wake("d1");
        awaitIdle();
        assertEquals(2, count("d1"));
    }

    @Test
    void wakesBeforeTheDueTimeCollapseIntoOnePass() throws InterruptedException {
        start(guid -> Progress.idle(), List.of());
        Instant later = clock.instant().plusMillis(200);
        for (int i = 0; i < 20; i++) {
            scheduler.wakeAt("d1", later);
        }
        scheduler.wakeAt("d1", later.plusSeconds(60)); // a later wake-up never postpones an earlier one
        awaitIdle();
        assertEquals(1, count("d1"));
    }

    @Test
    void anEarlierWakeUpReplacesALaterOne() throws InterruptedException {
        start(guid -> Progress.idle(), List.of());
        scheduler.wakeAt("d1", clock.instant().plusSeconds(3600));
        scheduler.wake("d1");
        awaitIdle();
        assertEquals(1, count("d1"));
    }

    @Test
    void aWakeDuringAPassRunsOneMorePassAfterIt() throws InterruptedException {
        CountDownLatch inPass = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        start(guid -> {
            if (count(guid) == 1) {
                inPass.countDown();
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return Progress.idle();
        }, List.of());
        scheduler.wake("d1");
        assertTrue(inPass.await(10, TimeUnit.SECONDS));
        scheduler.wake("d1");
        scheduler.wake("d1");
        release.countDown();
        awaitIdle();
        assertEquals(2, count("d1"), "one pass during which it was woken, then exactly one more");
    }

    @Test
    void aFailingEngineIsRetried() throws InterruptedException {
        start(guid -> {
            if (count(guid) == 1) {
                throw new IllegalStateException("database down");
            }
            return Progress.idle();
        }, List.of());
        scheduler.wake("d1");
        awaitIdle();
        assertEquals(2, count("d1"));
    }

    @Test
    void resumeWatchesEveryMovingDeployment() throws InterruptedException {
        start(guid -> Progress.idle(), List.of("a", "b", "c"));
        scheduler.resumeAll();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (passes.size() < 3 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        awaitIdle();
        assertEquals(List.of("a", "b", "c"), passes.stream().sorted().toList());
    }

    @Test
    void noMorePassesRunAtOnceThanTheLimitAndTheOthersWaitTheirTurn() throws InterruptedException {
        AtomicInteger running = new AtomicInteger();
        AtomicInteger mostAtOnce = new AtomicInteger();
        start(guid -> {
            mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
            try {
                Thread.sleep(30);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            running.decrementAndGet();
            return Progress.idle();
        }, List.of(), 2);
        for (int i = 0; i < 10; i++) {
            scheduler.wake("d" + i);
        }
        awaitIdle();
        assertEquals(2, mostAtOnce.get(), "two pass slots, both used");
        for (int i = 0; i < 10; i++) {
            assertEquals(1, count("d" + i), "d" + i + " waited for a slot and was stepped once");
        }
    }

    @Test
    void aStoppedSchedulerIgnoresWakes() {
        start(guid -> Progress.idle(), List.of());
        scheduler.stop();
        scheduler.wake("d1");
        assertEquals(0, scheduler.watching());
        assertEquals(0, count("d1"));
    }

    @Test
    void retriesBackOffToAMaximum() {
        assertEquals(Duration.ofSeconds(1), RolloutScheduler.retryAfter(0));
        assertEquals(Duration.ofSeconds(2), RolloutScheduler.retryAfter(1));
        assertEquals(Duration.ofSeconds(16), RolloutScheduler.retryAfter(4));
        assertEquals(Duration.ofSeconds(30), RolloutScheduler.retryAfter(5));
        assertEquals(Duration.ofSeconds(30), RolloutScheduler.retryAfter(40));
    }
}
