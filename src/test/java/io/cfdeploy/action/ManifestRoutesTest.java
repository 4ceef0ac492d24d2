package io.cfdeploy.action;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.matchesPattern;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.cfdeploy.error.CfException;
import io.cfdeploy.fetch.RouteFetcher;
import io.cfdeploy.model.AppEntity;
import io.cfdeploy.support.AppFixtures;
import io.cfdeploy.support.Db;
import io.cfdeploy.support.Fixtures;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.transaction.TransactionalException;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** {@link ManifestRoutes}: each route key of a manifest application, applied inside the caller's transaction. */
@QuarkusTest
class ManifestRoutesTest {
    static final String DOMAIN = "apps.localhost";
    final DataSource db = Db.database();

    @Inject
    ManifestRoutes manifestRoutes;

    @Inject
    RouteFetcher routes;

    static ManifestRouteKeys routes(String... urls) {
        return new ManifestRouteKeys(List.of(urls), false, false, true);
    }

    static ManifestRouteKeys defaultRoute() {
        return new ManifestRouteKeys(null, false, false, true);
    }

    static String host() {
        return "m" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    }

    void apply(String appGuid, ManifestRouteKeys keys) {
        QuarkusTransaction.requiringNew().run(() -> manifestRoutes.apply(AppEntity.findByGuid(appGuid).orElseThrow(),
                keys));
    }

    String refusal(String appGuid, ManifestRouteKeys keys) {
        return assertThrows(CfException.class, () -> apply(appGuid, keys)).detail();
    }

    List<String> urls(String appGuid) {
        return QuarkusTransaction.requiringNew().call(() -> routes.urlsOfApp(AppEntity.findByGuid(appGuid)
                .orElseThrow()));
    }

    long destinations(String appGuid) {
        return Db.count(db, "SELECT count(*) FROM route_destinations d JOIN apps a ON a.id = d.app_id WHERE "
                + "a.guid = ?", appGuid);
    }

    @Test
    void theDefaultRouteIsTheAppsNameOnTheDefaultDomainOnlyWhileTheAppHasNoRoutes() {
        String name = host();
        String app = AppFixtures.app(Fixtures.space(Fixtures.org()), name);
        apply(app, defaultRoute());
        assertThat(urls(app), contains(name + "." + DOMAIN));
        Db.assertRow(Db.single(db, "SELECT d.process_type, d.port, d.protocol FROM route_destinations d JOIN apps a "
                + "ON a.id = d.app_id WHERE a.guid = ?", app), "process_type", "web", "port", 8080, "protocol",
                "http1");
        apply(app, defaultRoute());
        apply(app, new ManifestRouteKeys(null, false, true, false));
        assertEquals(1, destinations(app));
        // a routes key, even empty, wins over default-route
        String other = AppFixtures.app(Fixtures.space(Fixtures.org()), host());
        apply(other, new ManifestRouteKeys(List.of(), false, false, true));
        assertThat(urls(other), empty());
    }

    @Test
    void theDefaultRouteNeedsAUsableHost() {
        String space = Fixtures.space(Fixtures.org());
        String longName = "a".repeat(64);
        assertEquals("Failed to create default route from app name: Host cannot exceed 63 characters",
                refusal(AppFixtures.app(space, longName), defaultRoute()));
        assertEquals("Failed to create default route from app name: Host must be either \"*\" or contain only "
                + "alphanumeric characters, \"_\", or \"-\"", refusal(AppFixtures.app(space, "my app"),
                        defaultRoute()));
        // the route exists in another space
        String name = host();
        String first = AppFixtures.app(space, name);
        apply(first, defaultRoute());
        assertEquals("Routes cannot be mapped to destinations in different spaces",
                refusal(AppFixtures.app(Fixtures.space(Fixtures.org()), name), defaultRoute()));
    }

    @Test
    void aRandomRouteIsTheAppsNameWithTwoWordsAndTwoLetters() {
        String name = host();
        String app = AppFixtures.app(Fixtures.space(Fixtures.org()), name);
        apply(app, new ManifestRouteKeys(null, false, true, false));
        assertThat(urls(app), contains(matchesPattern(name + "-[a-z]+-[a-z]+-[a-z]{2}\\." + DOMAIN.replace(".",
                "\\."))));
    }

    @Test
    void routesAreFoundOrCreatedAndOnlyAdded() {
        String space = Fixtures.space(Fixtures.org());
        String app = AppFixtures.app(space, host());
        String one = host();
        String two = host();
        apply(app, routes(one + "." + DOMAIN, "https://" + two + "." + DOMAIN + "/api"));
        assertThat(urls(app), contains(one + "." + DOMAIN, two + "." + DOMAIN + "/api"));
        // an existing route of the space is reused; mappings already there stay
        String sibling = AppFixtures.app(space, host());
        apply(sibling, routes(two + "." + DOMAIN + "/api"));
        apply(app, routes(one + "." + DOMAIN));
        assertThat(urls(app), contains(one + "." + DOMAIN, two + "." + DOMAIN + "/api"));
        assertThat(urls(sibling), contains(two + "." + DOMAIN + "/api"));
        assertEquals(2, Db.count(db, "SELECT count(*) FROM routes WHERE host IN (?, ?)", one, two));

        assertEquals("Routes cannot be mapped to destinations in different spaces",
                refusal(AppFixtures.app(Fixtures.space(Fixtures.org()), host()), routes(one + "." + DOMAIN)));
        assertEquals("No domains exist for route " + one + ".unknown.example",
                refusal(app, routes(one + ".unknown.example")));
        assertEquals("For route '" + DOMAIN + "/x': Missing host. Routes in shared domains must have a host "
                + "defined.", refusal(app, routes(DOMAIN + "/x")));
        assertEquals("For route 'bad!host." + DOMAIN + "': Host must be either \"*\" or contain only alphanumeric "
                + "characters, \"_\", or \"-\"", refusal(app, routes("bad!host." + DOMAIN)));
        // a refused manifest changes nothing: the first route of the list is not created either
        String fresh = host();
        refusal(app, routes(fresh + "." + DOMAIN, "x.unknown.example"));
        assertEquals(0, Db.count(db, "SELECT count(*) FROM routes WHERE host = ?", fresh));
    }

    @Test
    void noRouteUnmapsEverythingAndKeepsTheRoutes() {
        String app = AppFixtures.app(Fixtures.space(Fixtures.org()), host());
        String one = host();
        apply(app, routes(one + "." + DOMAIN, host() + "." + DOMAIN));
        assertEquals(2, destinations(app));
        apply(app, new ManifestRouteKeys(null, true, false, false));
        assertEquals(0, destinations(app));
        assertEquals(1, Db.count(db, "SELECT count(*) FROM routes WHERE host = ?", one));
    }

    @Test
    void itRunsOnlyInsideTheCallersTransaction() {
        String app = AppFixtures.app(Fixtures.space(Fixtures.org()), host());
        AppEntity entity = QuarkusTransaction.requiringNew().call(() -> AppEntity.findByGuid(app).orElseThrow());
        assertThrows(TransactionalException.class, () -> manifestRoutes.apply(entity, defaultRoute()));
    }
}
