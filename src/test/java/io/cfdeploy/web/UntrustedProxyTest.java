package io.cfdeploy.web;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import io.cfdeploy.support.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * With trusted proxies configured (prod trusts only the loopback, where Knative's queue-proxy sits), forwarded
 * headers from any other address are ignored: a client cannot make the server link to a host of its choosing.
 * Here the only trusted proxy is an address the test never sends from.
 */
@QuarkusTest
@TestProfile(UntrustedProxyTest.OtherProxy.class)
class UntrustedProxyTest {
    public static class OtherProxy implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.http.proxy.trusted-proxies", "192.0.2.1");
        }
    }

    @Test
    void forwardedHeadersFromAnUntrustedAddressAreIgnored() {
        Api.anonymous().header("X-Forwarded-Proto", "https").header("X-Forwarded-Host", "attacker.example")
                .get("/").then().statusCode(200)
                .body("links.self.href", startsWith("http://localhost:"))
                .body("links.cloud_controller_v3.href", startsWith("http://localhost:"));
        Api.anonymous().header("X-Forwarded-Host", "attacker.example").get("/v3/info").then().statusCode(200)
                .body("links.self.href", equalTo(Api.anonymous().get("/v3/info").then().extract()
                        .<String>path("links.self.href")));
    }
}
