package io.cfdeploy.support;

/** Started apps ready for a rollout, and the deployment that rolls them, through the API as an admin. */
public final class RolloutFixtures {
    private RolloutFixtures() {
    }

    /** A started app with {@code instances} web instances of a first droplet, and a second STAGED droplet. */
    public record StartedApp(String app, String nextDroplet) {
    }

    /** @param simulate the next droplet's {@code cfdeploy.io/simulate} annotation, or null */
    public static StartedApp startedApp(String space, int instances, String simulate) {
        String app = AppFixtures.appWithDroplet(space);
        Api.asAdmin().body("{\"instances\":" + instances + "}").post("/v3/processes/" + app + "/actions/scale")
                .then().statusCode(202);
        Api.asAdmin().post("/v3/apps/" + app + "/actions/start").then().statusCode(200);
        String next = AppFixtures.stagedDroplet(app);
        if (simulate != null) {
            Api.asAdmin().body("{\"metadata\":{\"annotations\":{\"cfdeploy.io/simulate\":\"" + simulate + "\"}}}")
                    .patch("/v3/droplets/" + next).then().statusCode(200);
        }
        return new StartedApp(app, next);
    }

    /** The body of a rolling deployment of the app's next droplet. */
    public static String rollingBody(StartedApp app, int maxInFlight) {
        return "{\"droplet\":{\"guid\":\"" + app.nextDroplet() + "\"},\"options\":{\"max_in_flight\":" + maxInFlight
                + "},\"relationships\":{\"app\":{\"data\":{\"guid\":\"" + app.app() + "\"}}}}";
    }
}
