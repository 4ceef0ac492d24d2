package io.cfdeploy.web;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** {@link PackageEndpointsTest} against the packaged application (run by failsafe during {@code verify}). */
@QuarkusIntegrationTest
class PackageEndpointsIT extends PackageEndpointsTest {
}
