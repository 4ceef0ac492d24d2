package io.cfdeploy.web;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** {@link ErrorsTest} against the packaged application (run by failsafe during {@code verify}). */
@QuarkusIntegrationTest
class ErrorsIT extends ErrorsTest {
}
