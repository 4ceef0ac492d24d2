package io.cfdeploy.action;

import io.cfdeploy.config.CfdeployConfig;
import io.cfdeploy.error.CfException;
import io.cfdeploy.message.RouteCreateMessage;
import io.cfdeploy.message.ValidationErrors;
import io.cfdeploy.model.AppEntity;
import io.cfdeploy.model.DomainEntity;
import io.cfdeploy.model.ProcessEntity;
import io.cfdeploy.model.RouteEntity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.random.RandomGenerator;
import java.util.regex.Pattern;

/**
 * A manifest application's route keys applied to the app (CAPI's AppApplyManifest#update_routes with
 * ManifestRouteUpdate, cf-push.md §3): {@code routes} found or created and mapped to {@code web}, only adding;
 * {@code no-route} unmaps everything; {@code random-route} and {@code default-route} give an app without mappings a
 * route on the default domain. Runs in the caller's transaction (it must have one) and never commits; a refusal is
 * a {@link CfException} whose detail the caller prefixes with the application's name.
 */
@ApplicationScoped
public class ManifestRoutes {
    static final String NO_DEFAULT_DOMAIN = "No default domains available";
    static final String DIFFERENT_SPACES = "Routes cannot be mapped to destinations in different spaces";
    static final String DEFAULT_ROUTE_FAILED = "Failed to create default route from app name: ";
    static final String HOST_TOO_LONG = "Host cannot exceed 63 characters";
    static final String HOST_FORMAT = "Host must be either \"*\" or contain only alphanumeric characters, \"_\", "
            + "or \"-\"";
    private static final Pattern DEFAULT_HOST = Pattern.compile("[\\w-]+");
    private static final Pattern URL_SCHEME = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]*://");
    private static final List<String> ADJECTIVES = List.of("brave", "calm", "chatty", "clever", "cool", "daring",
            "eager", "fluent", "funny", "gentle", "happy", "humble", "jolly", "kind", "lively", "lucky", "mellow",
            "nimble", "patient", "proud", "quick", "quiet", "shiny", "silly", "sleepy", "smart", "sunny", "swift",
            "tidy", "wise");
    private static final List<String> NOUNS = List.of("badger", "bear", "bison", "camel", "cheetah", "crane",
            "dolphin", "eagle", "elephant", "falcon", "fox", "gazelle", "giraffe", "hippo", "jaguar", "koala",
            "lemur", "lion", "lynx", "meerkat", "otter", "panda", "parrot", "puma", "rabbit", "raccoon", "seal",
            "tiger", "walrus", "zebra");

    private final CfdeployConfig config;
    private final RouteCreation creation;
    private final RouteMappings mappings;
    private final RandomGenerator random;

    ManifestRoutes(CfdeployConfig config, RouteCreation creation, RouteMappings mappings) {
        this.config = config;
        this.creation = creation;
        this.mappings = mappings;
        this.random = new SecureRandom();
    }

    /** Applies the keys to the app's routes as CAPI's app_apply_manifest does (cf-push.md §3 and §2.6). */
    @Transactional(value = Transactional.TxType.MANDATORY, dontRollbackOn = CfException.class)
    public void apply(AppEntity app, ManifestRouteKeys keys) {
        if (keys.noRoute()) {
            mappings.unmapAll(app);
            return;
        }
        if (keys.routes() != null) {
            // every route is found or created before any is mapped, as CAPI does
            List<RouteEntity> routes = new ArrayList<>();
            for (String url : keys.routes()) {
                routes.add(findOrCreate(app, url));
            }
            for (RouteEntity route : routes) {
                if (!RouteMappings.mapped(route, app)) {
                    mappings.add(route, app, ProcessEntity.WEB, null, null, null);
                }
            }
            return;
        }
        boolean wanted = keys.randomRoute() || keys.defaultRoute();
        if (!wanted || !RouteMappings.ofApp(app).isEmpty()) {
            return;
        }
        DomainEntity domain = defaultDomain();
        String host;
        if (keys.randomRoute()) {
            host = randomHost(app.name);
        } else {
            host = app.name;
            if (host.length() > RouteCreateMessage.MAXIMUM_HOST_LENGTH) {
                throw CfException.unprocessable(DEFAULT_ROUTE_FAILED + HOST_TOO_LONG);
            }
            if (!DEFAULT_HOST.matcher(host).matches()) {
                throw CfException.unprocessable(DEFAULT_ROUTE_FAILED + HOST_FORMAT);
            }
        }
        RouteEntity route = RouteCreation.find(domain, host, "", null);
        if (route == null) {
            route = creation.create(app.space, domain, host, "", false, null, null);
        } else if (!route.space.id.equals(app.space.id)) {
            throw CfException.unprocessable(DIFFERENT_SPACES);
        }
        mappings.add(route, app, ProcessEntity.WEB, null, null, null);
    }

    /**
     * CAPI's default domain: the configured one; else the oldest shared, not internal domain (what CAPI's
     * organization picks); none is a refusal.
     */
    private DomainEntity defaultDomain() {
        return DomainEntity.findByName(config.routing().defaultDomain())
                .or(() -> DomainEntity.<DomainEntity>find("internal = false order by createdAt, id")
                        .firstResultOptional())
                .orElseThrow(() -> CfException.unprocessable(NO_DEFAULT_DOMAIN));
    }

    /** {@code <app>-<adjective>-<noun>-<two letters>}. */
    String randomHost(String appName) {
        char first = (char) ('a' + random.nextInt(26));
        char second = (char) ('a' + random.nextInt(26));
        return appName + "-" + ADJECTIVES.get(random.nextInt(ADJECTIVES.size())) + "-"
                + NOUNS.get(random.nextInt(NOUNS.size())) + "-" + first + second;
    }

    /**
     * CAPI's ManifestRoute: the URL without its scheme is host[:port][/path]; the domain is the whole host, else all
     * but its first label ({@code *.domain} only the latter); the first existing domain wins. The route is found
     * by host, domain, path (and port) or created in the app's space.
     */
    private RouteEntity findOrCreate(AppEntity app, String url) {
        Parsed parsed = Parsed.of(url);
        if (parsed == null) {
            throw CfException.unprocessable("The route '" + url + "' is not a properly formed URL");
        }
        List<String[]> candidates = new ArrayList<>();
        int dot = parsed.host().indexOf('.');
        if (parsed.host().startsWith(RouteCreateMessage.WILDCARD + ".")) {
            candidates.add(new String[] {RouteCreateMessage.WILDCARD, parsed.host().substring(2)});
        } else {
            candidates.add(new String[] {"", parsed.host()});
            if (dot > 0 && dot < parsed.host().length() - 1) {
                candidates.add(new String[] {parsed.host().substring(0, dot), parsed.host().substring(dot + 1)});
            }
        }
        for (String[] candidate : candidates) {
            DomainEntity domain = DomainEntity.findByName(candidate[1]).orElse(null);
            if (domain == null) {
                continue;
            }
            String host = candidate[0];
            RouteEntity route = RouteCreation.find(domain, host, parsed.path(), parsed.port());
            if (route == null) {
                if (RouteCreateMessage.WILDCARD.equals(host)) {
                    throw CfException.notAuthorized(); // a wildcard on a shared domain is for admins
                }
                ValidationErrors errors = new ValidationErrors();
                RouteCreateMessage.hostErrors(host, errors);
                RouteCreateMessage.pathErrors(parsed.path(), errors);
                if (!errors.isEmpty()) {
                    throw CfException.unprocessable("For route '" + url + "': " + String.join(", ", errors.messages()));
                }
                try {
                    route = creation.create(app.space, domain, host, parsed.path(), parsed.port() != null, null,
                            null);
                } catch (CfException refused) {
                    throw CfException.unprocessable("For route '" + url + "': " + refused.detail());
                }
            } else if (!route.space.id.equals(app.space.id)) {
                throw CfException.unprocessable(DIFFERENT_SPACES);
            }
            return route;
        }
        throw CfException.unprocessable("No domains exist for route " + url);
    }

    /** A manifest route split as CAPI's URI parsing does; null when it has no host. */
    private record Parsed(String host, Integer port, String path) {
        static Parsed of(String url) {
            if (url == null) {
                return null;
            }
            String rest = URL_SCHEME.matcher(url).replaceFirst("");
            int slash = rest.indexOf('/');
            String authority = slash < 0 ? rest : rest.substring(0, slash);
            // "host/" names the route without a path
            String path = slash < 0 || slash == rest.length() - 1 ? "" : rest.substring(slash);
            Integer port = null;
            int colon = authority.lastIndexOf(':');
            if (colon >= 0) {
                try {
                    port = Integer.valueOf(authority.substring(colon + 1));
                } catch (NumberFormatException notAPort) {
                    return null;
                }
                authority = authority.substring(0, colon);
            }
            if (authority.isEmpty()) {
                return null;
            }
            return new Parsed(authority.toLowerCase(Locale.ROOT), port, path);
        }
    }
}
