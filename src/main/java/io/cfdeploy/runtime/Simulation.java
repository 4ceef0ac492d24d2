package io.cfdeploy.runtime;

import java.time.Duration;
import java.util.Locale;

/**
 * What a droplet's {@code cfdeploy.io/simulate} annotation asks of every instance running it: {@code crash} (ends
 * CRASHED), {@code unready} (RUNNING, never routable), {@code slow:<seconds>} (its own start-up time); anything
 * else, or none, is a healthy instance with the configured start-up time.
 */
public record Simulation(Behaviour behaviour, Duration startupTime) {
    public static final String ANNOTATION = "cfdeploy.io/simulate";

    public enum Behaviour {
        HEALTHY, CRASH, UNREADY
    }

    public static Simulation parse(String annotation, Duration defaultStartup) {
        if (annotation == null) {
            return new Simulation(Behaviour.HEALTHY, defaultStartup);
        }
        String value = annotation.trim().toLowerCase(Locale.ROOT);
        if (value.equals("crash")) {
            return new Simulation(Behaviour.CRASH, defaultStartup);
        }
        if (value.equals("unready")) {
            return new Simulation(Behaviour.UNREADY, defaultStartup);
        }
        if (value.startsWith("slow:")) {
            try {
                double seconds = Double.parseDouble(value.substring(5));
                if (seconds >= 0 && seconds < 86_400) {
                    return new Simulation(Behaviour.HEALTHY, Duration.ofMillis((long) (seconds * 1000)));
                }
            } catch (NumberFormatException ignored) {
                // not a number: a healthy instance with the default start-up time
            }
        }
        return new Simulation(Behaviour.HEALTHY, defaultStartup);
    }
}
