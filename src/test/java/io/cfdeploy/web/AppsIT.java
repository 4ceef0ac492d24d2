package io.cfdeploy.web;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** {@link AppsTest} against the packaged application (run by failsafe during {@code verify}). */
@QuarkusIntegrationTest
class AppsIT extends AppsTest {
}
