package io.cfdeploy.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cfdeploy.support.Db;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * V15 reads new_processes from deployments.deploying_web_process_guid: it applies only where the
 * deployment_processes rows say the same, and otherwise stops the start with the schema as it was.
 */
class NewProcessesMigrationTest {
    private final String name = Db.name() + "_v15";
    private DataSource db;

    @BeforeEach
    void databaseAtV14() {
        Db.drop(name);
        Db.update(Db.database("postgres"), "CREATE DATABASE \"" + name + "\"");
        db = Db.database(name);
        flyway("14").migrate();
        Db.update(db, "INSERT INTO organizations (guid, name) VALUES ('o', 'o')");
        Db.update(db, "INSERT INTO spaces (guid, name, organization_id) SELECT 's', 's', id FROM organizations");
        Db.update(db, "INSERT INTO apps (guid, name, space_id) SELECT 'a', 'a', id FROM spaces");
        // a started app's deployment, with its entry, and a stopped app's, without one
        Db.update(db, "INSERT INTO deployments (guid, state, status_value, app_id, deploying_web_process_guid, "
                + "original_web_process_instance_count) SELECT 'd1', 'DEPLOYED', 'FINALIZED', id, 'p1', 1 FROM apps");
        Db.update(db, "INSERT INTO deployments (guid, state, status_value, app_id, "
                + "original_web_process_instance_count) SELECT 'd2', 'DEPLOYED', 'FINALIZED', id, 1 FROM apps");
        Db.update(db, "INSERT INTO deployment_processes (deployment_id, process_guid, process_type) "
                + "SELECT id, 'p1', 'web' FROM deployments WHERE guid = 'd1'");
    }

    @AfterEach
    void dropDatabase() {
        Db.drop(name);
    }

    @Test
    void appliesWhereEveryEntryIsItsDeploymentsDeployingWebProcess() {
        flyway(null).migrate();
        assertEquals(1, Db.count(db, "SELECT count(*) FROM pg_indexes WHERE tablename = 'deployments' "
                + "AND indexname = 'deployments_deploying_web_process_guid_index'"));
        assertEquals(15, Db.count(db, "SELECT max(version::int) FROM flyway_schema_history WHERE success"));
    }

    @Test
    void refusesAnEntryTheDeploymentDoesNotName() {
        Db.update(db, "INSERT INTO deployment_processes (deployment_id, process_guid, process_type) "
                + "SELECT id, 'p2', 'web' FROM deployments WHERE guid = 'd2'");
        FlywayException refused = assertThrows(FlywayException.class, () -> flyway(null).migrate());
        assertTrue(refused.getMessage().contains("deploying web process"), refused.getMessage());
        assertEquals(0, Db.count(db, "SELECT count(*) FROM pg_indexes WHERE tablename = 'deployments' "
                + "AND indexname = 'deployments_deploying_web_process_guid_index'"));
        assertEquals(14, Db.count(db, "SELECT max(version::int) FROM flyway_schema_history WHERE success"));
    }

    @Test
    void refusesAnEntryOfAnotherType() {
        Db.update(db, "UPDATE deployment_processes SET process_type = 'worker'");
        assertThrows(FlywayException.class, () -> flyway(null).migrate());
        assertEquals(14, Db.count(db, "SELECT max(version::int) FROM flyway_schema_history WHERE success"));
    }

    private Flyway flyway(String target) {
        var configuration = Flyway.configure().dataSource(db).locations("classpath:db/migration");
        if (target != null) {
            configuration.target(target);
        }
        return configuration.load();
    }
}
