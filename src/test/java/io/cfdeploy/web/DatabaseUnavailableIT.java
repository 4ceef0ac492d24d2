package io.cfdeploy.web;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** {@link DatabaseUnavailableTest} against the packaged application, started with its closed-port profile. */
@QuarkusIntegrationTest
class DatabaseUnavailableIT extends DatabaseUnavailableTest {
}
