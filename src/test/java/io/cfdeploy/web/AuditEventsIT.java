package io.cfdeploy.web;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** {@link AuditEventsTest} against the packaged application (run by failsafe during {@code verify}). */
@QuarkusIntegrationTest
class AuditEventsIT extends AuditEventsTest {
}
