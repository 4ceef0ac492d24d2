package io.cfdeploy.web;

import io.cfdeploy.support.ForeignIssuer;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;

/** {@link ExternalKeyChecks} with {@code mp.jwt.verify.publickey.location} naming a JWKS file (UAA's /token_keys). */
@QuarkusTest
@TestProfile(ExternalJwksKeyTest.JwksKey.class)
class ExternalJwksKeyTest extends ExternalKeyChecks {
    public static class JwksKey implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("mp.jwt.verify.issuer", ExternalKeyChecks.EXTERNAL_ISSUER,
                    "mp.jwt.verify.publickey.location", ForeignIssuer.jwks().toString());
        }
    }
}
