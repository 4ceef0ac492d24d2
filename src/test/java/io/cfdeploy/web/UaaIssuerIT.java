package io.cfdeploy.web;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** {@link UaaIssuerTest} against the packaged application (run by failsafe during {@code verify}). */
@QuarkusIntegrationTest
class UaaIssuerIT extends UaaIssuerTest {
}
