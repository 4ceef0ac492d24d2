package io.cfdeploy.web;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** {@link DomainsTest} against the packaged application (run by failsafe during {@code verify}). */
@QuarkusIntegrationTest
class DomainsIT extends DomainsTest {
}
