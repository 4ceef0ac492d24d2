package io.cfdeploy.web;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** {@link PackageUploadTest} against the packaged application (run by failsafe during {@code verify}). */
@QuarkusIntegrationTest
class PackageUploadIT extends PackageUploadTest {
}
