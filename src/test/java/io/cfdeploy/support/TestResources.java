package io.cfdeploy.support;

import io.quarkus.test.common.QuarkusTestResource;

/**
 * The test resources every {@code @QuarkusTest} and {@code …IT} shares, declared once. A
 * {@code @QuarkusTestResource} not restricted to its class applies to every test of the module, so no test class
 * repeats it.
 */
@QuarkusTestResource(TestIssuerKey.class)
public final class TestResources {
    private TestResources() {
    }
}
