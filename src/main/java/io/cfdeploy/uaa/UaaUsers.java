package io.cfdeploy.uaa;

import io.cfdeploy.config.CfdeployConfig;
import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.configuration.ConfigUtils;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** The issuer's users and clients, from configuration. */
@ApplicationScoped
public class UaaUsers {
    /** The cf CLI's public client: Basic {@code cf:} with an empty secret. */
    public static final String CF_CLIENT = "cf";
    /** Passwords a production server refuses to start with. */
    private static final Set<String> DEFAULT_PASSWORDS = Set.of("", "admin", "password", "changeme", "secret", "cf");

    public record User(String name, String guid, String password, List<String> scopes, String origin) {
    }

    public record Client(String id, String secret, List<String> scopes) {
    }

    private final boolean enabled;
    private final Map<String, User> users = new LinkedHashMap<>();
    private final Map<String, Client> clients = new LinkedHashMap<>();

    UaaUsers(CfdeployConfig config) {
        this.enabled = config.uaa().enabled();
        config.uaa().users().forEach((name, user) -> users.put(name, new User(name,
                user.guid().filter(guid -> !guid.isBlank()).orElseGet(() -> guidFor(name)), user.password(),
                List.copyOf(user.scopes()), user.origin())));
        config.uaa().clients().forEach((id, client) -> clients.put(id,
                new Client(id, client.secret(), List.copyOf(client.scopes()))));
    }

    /** In prod the issuer never starts with an empty or well-known password or secret. */
    void checkPasswords(@Observes StartupEvent event) {
        // The packaged jar runs in NORMAL mode under @QuarkusIntegrationTest too, with the test profile's users.
        if (ConfigUtils.isProfileActive("test")) {
            return;
        }
        checkPasswords(enabled, LaunchMode.current(), users.values(), clients.values());
    }

    /**
     * Refuses (IllegalStateException naming the setting) an enabled issuer in a normal (prod) launch whose users
     * or clients have an empty or default password or secret; dev and test launches may use them.
     */
    static void checkPasswords(boolean enabled, LaunchMode mode, Collection<User> users, Collection<Client> clients) {
        if (!enabled || mode != LaunchMode.NORMAL) {
            return;
        }
        for (User user : users) {
            if (isDefault(user.password())) {
                throw new IllegalStateException("cfdeploy.uaa.users." + user.name()
                        + ".password is empty or a default password; set a real one to enable the built-in issuer");
            }
        }
        for (Client client : clients) {
            if (isDefault(client.secret())) {
                throw new IllegalStateException("cfdeploy.uaa.clients." + client.id()
                        + ".secret is empty or a default secret; set a real one to enable the built-in issuer");
            }
        }
    }

    static boolean isDefault(String password) {
        return password == null || DEFAULT_PASSWORDS.contains(password.trim().toLowerCase(Locale.ROOT));
    }

    public Optional<User> authenticate(String name, String password) {
        User user = name == null ? null : users.get(name);
        if (user == null || password == null || !constantTimeEquals(user.password(), password)) {
            return Optional.empty();
        }
        return Optional.of(user);
    }

    public Optional<User> byName(String name) {
        return Optional.ofNullable(name == null ? null : users.get(name));
    }

    public Optional<User> byGuid(String guid) {
        return users.values().stream().filter(user -> user.guid().equals(guid)).findFirst();
    }

    /** A client that may use the password and refresh grants: {@code cf} with no secret, or a configured one. */
    public boolean isUserClient(String id, String secret) {
        if (CF_CLIENT.equals(id)) {
            return secret == null || secret.isEmpty();
        }
        return authenticateClient(id, secret).isPresent();
    }

    public Optional<Client> authenticateClient(String id, String secret) {
        Client client = id == null ? null : clients.get(id);
        if (client == null || secret == null || !constantTimeEquals(client.secret(), secret)) {
            return Optional.empty();
        }
        return Optional.of(client);
    }

    /** A stable guid for a configured user without one, so tokens name the same user across restarts. */
    static String guidFor(String name) {
        return UUID.nameUUIDFromBytes(("cfdeploy-user:" + name).getBytes(StandardCharsets.UTF_8)).toString();
    }

    private static boolean constantTimeEquals(String expected, String actual) {
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
                actual.getBytes(StandardCharsets.UTF_8));
    }
}
