package io.cfdeploy.web;

import io.cfdeploy.support.ForeignIssuer;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;

/** {@link ExternalKeyChecks} with {@code mp.jwt.verify.publickey.location} naming a PEM public key file. */
@QuarkusTest
@TestProfile(ExternalPemKeyTest.PemKey.class)
class ExternalPemKeyTest extends ExternalKeyChecks {
    public static class PemKey implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("mp.jwt.verify.issuer", ExternalKeyChecks.EXTERNAL_ISSUER,
                    "mp.jwt.verify.publickey.location", ForeignIssuer.publicKeyPem().toString());
        }
    }
}
