package io.cfdeploy.web;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** {@link TokenTest} against the packaged application (run by failsafe during {@code verify}). */
@QuarkusIntegrationTest
class TokenIT extends TokenTest {
}
