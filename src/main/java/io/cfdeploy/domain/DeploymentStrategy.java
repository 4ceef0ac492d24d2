package io.cfdeploy.domain;

import java.util.Arrays;
import java.util.Optional;

/** How a deployment replaces the web instances (CAPI's {@code strategy}); the wire and the column hold its name. */
public enum DeploymentStrategy {
    ROLLING("rolling"),
    /** A first batch of new instances, paused for the user's {@code continue}, before the rolling rest. */
    CANARY("canary");

    private final String wireName;

    DeploymentStrategy(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    /** The strategy of this exact name; empty for any other text. */
    public static Optional<DeploymentStrategy> fromWire(String name) {
        return Arrays.stream(values()).filter(strategy -> strategy.wireName.equals(name)).findFirst();
    }
}
