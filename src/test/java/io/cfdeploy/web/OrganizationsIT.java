package io.cfdeploy.web;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** {@link OrganizationsTest} against the packaged application (run by failsafe during {@code verify}). */
@QuarkusIntegrationTest
class OrganizationsIT extends OrganizationsTest {
}
