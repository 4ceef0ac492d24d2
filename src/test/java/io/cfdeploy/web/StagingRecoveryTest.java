package io.cfdeploy.web;

import static io.cfdeploy.support.Fixtures.newGuid;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cfdeploy.action.BuildStaging;
import io.cfdeploy.support.Api;
import io.cfdeploy.support.AppFixtures;
import io.cfdeploy.support.Builds;
import io.cfdeploy.support.Db;
import io.cfdeploy.support.Members;
import io.cfdeploy.support.Zips;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * Builds a restart left STAGING are not left hanging: the start-up recovery stages them again (or fails them when
 * their package is gone). Calls the bean, so it has no …IT twin.
 */
@QuarkusTest
class StagingRecoveryTest {
    final DataSource db = Db.database();

    @Inject
    BuildStaging staging;

    private void stagingRow(String build, String pkg, String app) {
        Db.update(db, "INSERT INTO builds (guid, app_id, package_guid, state, lifecycle_type, lifecycle_data,"
                + " staging_memory_in_mb, staging_disk_in_mb, staging_log_rate_limit) SELECT ?, id, ?, 'STAGING',"
                + " 'buildpack', '{\"buildpacks\":[],\"stack\":\"cflinuxfs4\"}'::jsonb, 1024, 4096, -1 FROM apps"
                + " WHERE guid = ?", build, pkg, app);
    }

    @Test
    void buildsLeftStagingAreStagedAgainAtStart() {
        Members members = Members.create();
        String app = AppFixtures.app(members.space());
        String pkg = Builds.readyPackage(members.developer(), app, Zips.zip().file("Procfile", "web: ./run")
                .file("run", newGuid(), 0755).bytes());
        String interrupted = newGuid();
        stagingRow(interrupted, pkg, app);
        String otherApp = AppFixtures.app(members.space());
        String orphan = newGuid();
        stagingRow(orphan, newGuid(), otherApp); // its package is gone

        List<String> resumed = staging.resumeInterrupted();
        assertTrue(resumed.containsAll(List.of(interrupted, orphan)), resumed.toString());

        String droplet = Builds.finished(members.developer(), interrupted).then().body("state", equalTo("STAGED"))
                .extract().path("droplet.guid");
        Api.as(members.developer()).get("/v3/droplets/" + droplet).then().body("state", equalTo("STAGED"))
                .body("process_types.web", equalTo("./run"));
        Builds.finished(members.developer(), orphan).then().body("state", equalTo("FAILED")).body("error",
                equalTo("StagingError - Staging error: the package is no longer ready to stage"));
        // staged once only, whoever else resumes it
        staging.resumeInterrupted();
        Db.assertRow(Db.single(db, "SELECT count(*) AS n FROM droplets WHERE package_guid = ?", pkg), "n", 1L);
    }
}
