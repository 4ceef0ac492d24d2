package io.cfdeploy.web;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** {@link LabelSelectorTest} against the packaged application (run by failsafe during {@code verify}). */
@QuarkusIntegrationTest
class LabelSelectorIT extends LabelSelectorTest {
}
