package io.cfdeploy.web;

import io.cfdeploy.support.Api;
import io.cfdeploy.support.Errors;
import io.cfdeploy.support.Fixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code cfdeploy.deployments.disabled}: every create is refused first, even an invalid one; reads still work. */
@QuarkusTest
@TestProfile(DeploymentsDisabledTest.Disabled.class)
class DeploymentsDisabledTest {

    public static class Disabled implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("cfdeploy.deployments.disabled", "true");
        }
    }

    @Test
    void createIsRefusedBeforeValidation() {
        String detail = "Deployments cannot be created due to manifest property 'temporary_disable_deployments'";
        Errors.expect(Api.asAdmin().body("{\"strategy\":\"potato\"}").post("/v3/deployments"), 403,
                "CF-DeploymentsDisabled", 390014, detail);
        Errors.expect(Api.asAdmin().body("{\"relationships\":{\"app\":{\"data\":{\"guid\":\"" + Fixtures.newGuid()
                + "\"}}}}").post("/v3/deployments"), 403, "CF-DeploymentsDisabled", 390014, detail);
        Api.asAdmin().get("/v3/deployments").then().statusCode(200);
    }
}
