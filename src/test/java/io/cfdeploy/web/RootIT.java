package io.cfdeploy.web;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** {@link RootTest} against the packaged application (run by failsafe during {@code verify}). */
@QuarkusIntegrationTest
class RootIT extends RootTest {
}
