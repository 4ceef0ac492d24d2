package io.cfdeploy.web;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** {@link DropletsTest} against the packaged application (run by failsafe during {@code verify}). */
@QuarkusIntegrationTest
class DropletsIT extends DropletsTest {
}
