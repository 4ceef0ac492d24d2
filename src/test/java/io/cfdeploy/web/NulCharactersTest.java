package io.cfdeploy.web;

import static io.cfdeploy.support.Errors.assertError;
import static io.cfdeploy.support.Errors.badQuery;
import static io.cfdeploy.support.Errors.unprocessable;
import static io.cfdeploy.support.Fixtures.newGuid;
import static io.cfdeploy.support.Fixtures.uniqueName;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cfdeploy.support.Api;
import io.cfdeploy.support.AppFixtures;
import io.cfdeploy.support.Db;
import io.cfdeploy.support.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * U+0000 cannot be stored by PostgreSQL (text or jsonb). Wherever a client puts one — a JSON string or key, a
 * path segment, a query parameter — the answer is a CF error naming the problem, never a 500, and nothing changes.
 */
@QuarkusTest
class NulCharactersTest {
    @Inject
    DataSource db;

    private static void nulIn(ValidatableResponse response, String field) {
        unprocessable(response, "'" + field + "' must not contain the NUL character (\\u0000)");
    }

    @Test
    void jsonStringsAndKeysWithNulAreRefusedAndNothingIsStored() {
        String name = uniqueName("nul-org");
        nulIn(Api.asAdmin().body("{\"name\":\"" + name + "\",\"metadata\":{\"annotations\":{\"k\":\"v\\u0000\"}}}")
                .post("/v3/organizations").then(), "metadata.annotations.k");
        nulIn(Api.asAdmin().body("{\"name\":\"" + name + "\",\"metadata\":{\"labels\":{\"a\\u0000b\":\"v\"}}}")
                .post("/v3/organizations").then(), "metadata.labels.a\\u0000b");
        assertEquals(0, Db.count(db, "SELECT count(*) FROM organizations WHERE name = ?", name));

        String userGuid = "nul-user-" + newGuid();
        nulIn(Api.asAdmin().body("{\"guid\":\"" + userGuid + "\\u0000\"}").post("/v3/users").then(), "guid");
        assertEquals(0, Db.count(db, "SELECT count(*) FROM users WHERE guid LIKE ?", userGuid + "%"));

        String org = Fixtures.org();
        nulIn(Api.asAdmin().body("{\"name\":\"x\",\"relationships\":{\"organization\":{\"data\":{\"guid\":\""
                + org + "\\u0000\"}}}}").post("/v3/spaces").then(), "relationships.organization.data.guid");
    }

    @Test
    void nulInsideArraysAndAppFieldsIsRefusedWithItsPath() {
        String app = AppFixtures.app(Fixtures.space(Fixtures.org()));
        nulIn(Api.asAdmin().body("{\"var\":{\"GOOD\":\"1\",\"BAD\\u0000\":\"2\"}}")
                .patch("/v3/apps/" + app + "/environment_variables").then(), "var.BAD\\u0000");
        assertEquals(0, Db.count(db, "SELECT count(*) FROM apps WHERE guid = ? AND environment_variables ->> 'GOOD' IS NOT NULL",
                app));
        nulIn(Api.asAdmin().body("{\"lifecycle\":{\"type\":\"buildpack\",\"data\":{\"buildpacks\":[\"ok\",\"b\\u0000\"]}}}")
                .patch("/v3/apps/" + app).then(), "lifecycle.data.buildpacks[1]");
        nulIn(Api.asAdmin().body("{\"command\":\"./run \\u0000\"}").patch("/v3/processes/" + app).then(),
                "command");
        assertEquals(0, Db.count(db, "SELECT count(*) FROM processes WHERE guid = ? AND command IS NOT NULL", app));
    }

    /** An escaped backslash followed by "u0000" is six ordinary characters, not a NUL. */
    @Test
    void theTextBackslashU0000IsAnOrdinaryString() {
        String name = uniqueName("nul-text") + "\\\\u0000";
        Api.asAdmin().body("{\"name\":\"" + name + "\"}").post("/v3/organizations").then().statusCode(201);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/v3/organizations/%00", "/v3/spaces/a%00b", "/v3/apps/%00", "/v3/droplets/%00",
            "/v3/processes/%00/stats", "/v3/audit_events/%00", "/v3/deployments/%00", "/v3/jobs/%00"})
    void nulInThePathIsNotFound(String path) {
        assertError(Api.asAdmin().urlEncodingEnabled(false).get(path).then(), 404, "CF-NotFound", 10000,
                "Unknown request");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/v3/organizations?guids=%00", "/v3/organizations?names=a%00", "/v3/spaces?names=%00",
            "/v3/audit_events?target_guids=%00", "/v3/apps?names=x%00y", "/v3/droplets?guids=%00",
            "/v3/deployments?app_guids=%00", "/v3/organizations?label_selector=a%3Db%00"})
    void nulInTheQueryIsABadParameter(String path) {
        badQuery(Api.asAdmin().urlEncodingEnabled(false).get(path).then(), "the NUL character (%00) is not allowed");
    }

    /**
     * CAPI unescapes each element of a list filter once more after Rails decoded the query ({@code to_array!}), so
     * the text "100%41" is sent as {@code 100%252541}, and {@code %2500} is a NUL too.
     */
    @Test
    void listFiltersUnescapeTheirElementsAsCapiDoes() {
        String suffix = newGuid();
        String name = "100%41-" + suffix;
        Api.asAdmin().body("{\"name\":\"" + name + "\"}").post("/v3/organizations").then().statusCode(201);
        Api.asAdmin().urlEncodingEnabled(false).get("/v3/organizations?names=100%252541-" + suffix).then()
                .statusCode(200).body("resources.name", contains(name));
        Api.asAdmin().urlEncodingEnabled(false).get("/v3/organizations?names=100%2541-" + suffix).then()
                .statusCode(200).body("pagination.total_results", equalTo(0)); // that is "100A-…"
        badQuery(Api.asAdmin().urlEncodingEnabled(false).get("/v3/organizations?names=100%2500-" + suffix).then(),
                "the NUL character (%00) is not allowed");
        badQuery(Api.asAdmin().urlEncodingEnabled(false).get("/v3/apps?space_guids=a,%2500").then(),
                "the NUL character (%00) is not allowed");
    }
}
