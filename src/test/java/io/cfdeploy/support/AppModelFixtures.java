package io.cfdeploy.support;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * Apps, droplets, processes and revisions for tests that also run against the packaged server (their …IT twins):
 * made through the API as an admin wherever the API can make them; over plain JDBC only for what no endpoint
 * creates (a revision with chosen contents, a second process of a type, a droplet in a state uploads never reach).
 * Nothing here touches an entity or a bean, so it works from outside the server's JVM.
 */
public final class AppModelFixtures {
    private static final DataSource DB = Db.database();
    private static final ObjectMapper JSON = new ObjectMapper();

    private AppModelFixtures() {
    }

    /** A STOPPED buildpack app with its web process (guid = the app's guid); returns its guid. */
    public static String app(String spaceGuid) {
        return AppFixtures.app(spaceGuid);
    }

    /** A STAGED droplet of the app with these process types; {@code simulate} is its cfdeploy.io/simulate. */
    public static String droplet(String appGuid, Map<String, String> processTypes, String simulate) {
        return droplet(appGuid, "STAGED", processTypes, simulate);
    }

    /** A droplet in {@code state}: STAGED by an upload, AWAITING_UPLOAD as created, any other state set by SQL. */
    public static String droplet(String appGuid, String state, Map<String, String> processTypes, String simulate) {
        String types = json(processTypes);
        String droplet = "STAGED".equals(state) ? AppFixtures.stagedDroplet(appGuid, types)
                : AppFixtures.droplet(appGuid, types);
        if (!"STAGED".equals(state) && !"AWAITING_UPLOAD".equals(state)) {
            Db.update(DB, "UPDATE droplets SET state = ? WHERE guid = ?", state, droplet);
        }
        if (simulate != null) {
            Api.asAdmin().body("{\"metadata\":{\"annotations\":{\"cfdeploy.io/simulate\":" + json(simulate) + "}}}")
                    .patch("/v3/droplets/" + droplet).then().statusCode(200);
        }
        return droplet;
    }

    /** A STAGED droplet with the web process type, made the app's current droplet; returns its guid. */
    public static String currentDroplet(String appGuid, String webCommand, String simulate) {
        String droplet = droplet(appGuid, Map.of("web", webCommand), simulate);
        AppFixtures.setCurrent(appGuid, droplet);
        return droplet;
    }

    /** A revision of the app with these process commands (null: the droplet's); returns its guid. */
    public static String revision(String appGuid, int version, String dropletGuid, Map<String, String> processes) {
        return revision(appGuid, version, dropletGuid, processes, Map.of());
    }

    /** @param columns more columns of the {@code revisions} row; JSON columns take maps and lists */
    public static String revision(String appGuid, int version, String dropletGuid, Map<String, String> processes,
            Map<String, Object> columns) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("version", version);
        row.put("droplet_guid", dropletGuid);
        row.put("processes", processes);
        row.putAll(columns);
        return insert("revisions", appGuid, row);
    }

    /** Another process of the app, with these columns of its row; returns its guid. */
    public static String process(String appGuid, String type, Map<String, Object> columns) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("type", type);
        row.put("version", UUID.randomUUID().toString());
        row.putAll(columns);
        return insert("processes", appGuid, row);
    }

    /** Changes columns of a process's row, as the API under test cannot (its revision, its command…). */
    public static void updateProcess(String processGuid, Map<String, Object> columns) {
        StringBuilder set = new StringBuilder();
        Object[] args = new Object[columns.size() + 1];
        int i = 0;
        for (Map.Entry<String, Object> column : columns.entrySet()) {
            set.append(i == 0 ? "" : ", ").append(column.getKey()).append(" = ").append(placeholder(column.getValue()));
            args[i++] = value(column.getValue());
        }
        args[i] = processGuid;
        if (Db.update(DB, "UPDATE processes SET " + set + " WHERE guid = ?", args) != 1) {
            throw new IllegalArgumentException("no process " + processGuid);
        }
    }

    /** Starts the app through the API (its revision resolved, its instances asked of the runtime). */
    public static void start(String appGuid) {
        Api.asAdmin().post("/v3/apps/" + appGuid + "/actions/start").then().statusCode(200);
    }

    /** Stops the app through the API. */
    public static void stop(String appGuid) {
        Api.asAdmin().post("/v3/apps/" + appGuid + "/actions/stop").then().statusCode(200);
    }

    /** Moves the process's instances' start back in time, as if {@code by} had passed since they started. */
    public static void age(String processGuid, Duration by) {
        Db.update(DB, """
                UPDATE process_instances SET started_at = started_at - make_interval(secs => ?)
                 WHERE process_id = (SELECT id FROM processes WHERE guid = ?)
                """, (double) by.toMillis() / 1000, processGuid);
    }

    /** Inserts a row of the app (a fresh guid, the app's id); returns the guid. */
    private static String insert(String table, String appGuid, Map<String, Object> columns) {
        String guid = UUID.randomUUID().toString();
        StringBuilder names = new StringBuilder("guid, app_id");
        StringBuilder values = new StringBuilder("?, (SELECT id FROM apps WHERE guid = ?)");
        Object[] args = new Object[columns.size() + 2];
        args[0] = guid;
        args[1] = appGuid;
        int i = 2;
        for (Map.Entry<String, Object> column : columns.entrySet()) {
            names.append(", ").append(column.getKey());
            values.append(", ").append(placeholder(column.getValue()));
            args[i++] = value(column.getValue());
        }
        Db.update(DB, "INSERT INTO " + table + " (" + names + ") VALUES (" + values + ")", args);
        return guid;
    }

    private static String placeholder(Object value) {
        return value instanceof Map || value instanceof Iterable ? "?::jsonb" : "?";
    }

    private static Object value(Object value) {
        return value instanceof Map || value instanceof Iterable ? json(value) : value;
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
