package io.cfdeploy.uaa;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.runtime.LaunchMode;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The production guard of the built-in issuer, without starting Quarkus. */
class UaaUsersTest {
    private static final List<String> SCOPES = List.of("cloud_controller.read");

    private static UaaUsers.User user(String password) {
        return new UaaUsers.User("alice", "guid", password, SCOPES, "uaa");
    }

    private static UaaUsers.Client client(String secret) {
        return new UaaUsers.Client("ci", secret, SCOPES);
    }

    @Test
    void prodRefusesEmptyOrDefaultPasswords() {
        for (String password : List.of("", "  ", "admin", "ADMIN", "password", "changeme", "secret", "cf")) {
            IllegalStateException refused = assertThrows(IllegalStateException.class,
                    () -> UaaUsers.checkPasswords(true, LaunchMode.NORMAL, List.of(user(password)), List.of()),
                    "password '" + password + "'");
            assertTrue(refused.getMessage().contains("cfdeploy.uaa.users.alice.password"), refused.getMessage());
        }
    }

    @Test
    void prodRefusesEmptyOrDefaultClientSecrets() {
        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> UaaUsers.checkPasswords(true, LaunchMode.NORMAL, List.of(user("s3cure-Passw0rd")),
                        List.of(client("secret"))));
        assertTrue(refused.getMessage().contains("cfdeploy.uaa.clients.ci.secret"), refused.getMessage());
    }

    @Test
    void prodAcceptsRealPasswords() {
        assertDoesNotThrow(() -> UaaUsers.checkPasswords(true, LaunchMode.NORMAL, List.of(user("s3cure-Passw0rd")),
                List.of(client("an0ther-s3cret"))));
    }

    @Test
    void devAndTestOrADisabledIssuerMayUseDefaults() {
        assertDoesNotThrow(() -> UaaUsers.checkPasswords(true, LaunchMode.DEVELOPMENT, List.of(user("admin")),
                List.of(client(""))));
        assertDoesNotThrow(() -> UaaUsers.checkPasswords(true, LaunchMode.TEST, List.of(user("admin")),
                List.of(client(""))));
        assertDoesNotThrow(() -> UaaUsers.checkPasswords(false, LaunchMode.NORMAL, List.of(user("admin")),
                List.of(client(""))));
    }
}
