package io.cfdeploy.web;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** {@link MetadataTest} against the packaged application (run by failsafe during {@code verify}). */
@QuarkusIntegrationTest
class MetadataIT extends MetadataTest {
}
