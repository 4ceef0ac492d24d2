package io.cfdeploy.web;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** {@link RevisionsTest} against the packaged application (run by failsafe during {@code verify}). */
@QuarkusIntegrationTest
class RevisionsIT extends RevisionsTest {
}
