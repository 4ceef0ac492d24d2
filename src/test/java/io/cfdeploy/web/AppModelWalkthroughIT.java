package io.cfdeploy.web;

import io.quarkus.test.junit.QuarkusIntegrationTest;

@QuarkusIntegrationTest
class AppModelWalkthroughIT extends AppModelWalkthroughTest {
}
