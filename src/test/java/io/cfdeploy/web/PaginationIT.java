package io.cfdeploy.web;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** {@link PaginationTest} against the packaged application (run by failsafe during {@code verify}). */
@QuarkusIntegrationTest
class PaginationIT extends PaginationTest {
}
