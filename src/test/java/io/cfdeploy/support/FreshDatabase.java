package io.cfdeploy.support;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Drops a test profile's own database before its server starts (the server creates and migrates it), so the
 * profile starts from nothing whatever earlier runs left:
 * {@code new TestResourceEntry(FreshDatabase.class, Map.of(FreshDatabase.NAME, database))}.
 */
public class FreshDatabase implements QuarkusTestResourceLifecycleManager {
    public static final String NAME = "database";

    private String database;

    @Override
    public void init(Map<String, String> initArgs) {
        database = initArgs.get(NAME);
    }

    @Override
    public Map<String, String> start() {
        Db.drop(database);
        return Map.of();
    }

    @Override
    public void stop() {
        // kept for a look after a failed run; dropped at the next start
    }
}
