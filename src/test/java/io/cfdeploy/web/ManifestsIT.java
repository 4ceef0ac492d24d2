package io.cfdeploy.web;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** {@link ManifestsTest} against the packaged application (run by failsafe during {@code verify}). */
@QuarkusIntegrationTest
class ManifestsIT extends ManifestsTest {
}
