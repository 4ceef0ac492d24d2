package io.cfdeploy.runtime.local;

import io.cfdeploy.support.Db;
import io.cfdeploy.support.FreshDatabase;
import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.List;
import java.util.Map;

/**
 * Real instances: the local runtime with CF's rules, its timings shortened so the tests run in seconds. It runs on a
 * database of its own, new at each start: the supervisor starts every instance its database wants, and the other
 * suites leave thousands of (simulated) started apps in theirs.
 */
public class LocalRuntimeProfile implements QuarkusTestProfile {
    /** The local runtime tests' database. */
    public static final String DATABASE = Db.name() + "_local";

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.ofEntries(
                Map.entry("quarkus.datasource.jdbc.url", Db.url(DATABASE)),
                Map.entry("cfdeploy.runtime.local.work-dir",
                        System.getProperty("java.io.tmpdir") + "/cfdeploy-test-runtime-" + DATABASE),
                Map.entry("cfdeploy.runtime.type", "local"),
                Map.entry("cfdeploy.runtime.local.startup-check-interval", "PT0.25S"),
                Map.entry("cfdeploy.runtime.local.crash-backoff", "PT1S"),
                Map.entry("cfdeploy.runtime.local.drain-time", "PT0.5S"),
                Map.entry("cfdeploy.runtime.graceful-shutdown", "PT3S"),
                Map.entry("cfdeploy.runtime.local.port-range", "62000-62199"),
                Map.entry("cfdeploy.runtime.local.max-instances", "12"),
                Map.entry("cfdeploy.router.enabled", "true"));
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(FreshDatabase.class, Map.of(FreshDatabase.NAME, DATABASE)));
    }
}
