package io.cfdeploy.web;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** {@link PackagesTest} against the packaged application (run by failsafe during {@code verify}). */
@QuarkusIntegrationTest
class PackagesIT extends PackagesTest {
}
