package io.cfdeploy.web;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** {@link UsersTest} against the packaged application (run by failsafe during {@code verify}). */
@QuarkusIntegrationTest
class UsersIT extends UsersTest {
}
