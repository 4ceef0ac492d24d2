package io.cfdeploy.support;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Map;

/**
 * Gives the server under test a signing key the tests also hold, so tests can mint tokens for any user (and
 * forge bad ones). The key is generated once per test JVM into a temporary PEM file whose path travels in a
 * system property (test resources and tests may live in different class loaders).
 */
public class TestIssuerKey implements QuarkusTestResourceLifecycleManager {
    static final String PROPERTY = "cfdeploy-test.issuer-key";
    private static PrivateKey cached;

    @Override
    public synchronized Map<String, String> start() {
        String path = System.getProperty(PROPERTY);
        if (path == null) {
            try {
                KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
                generator.initialize(2048);
                Path pem = Files.createTempFile("cfdeploy-test-issuer", ".pem");
                String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(generator.generateKeyPair().getPrivate().getEncoded());
                Files.writeString(pem, "-----BEGIN PRIVATE KEY-----\n" + body + "\n-----END PRIVATE KEY-----\n");
                pem.toFile().deleteOnExit();
                path = pem.toString();
                System.setProperty(PROPERTY, path);
            } catch (GeneralSecurityException | IOException exception) {
                throw new IllegalStateException(exception);
            }
        }
        return Map.of("cfdeploy.uaa.signing-key-location", path);
    }

    @Override
    public void stop() {
        // the key stays for the whole test JVM: every Quarkus restart reuses it
    }

    /** The PEM file of the key, made at first use, for servers the tests start themselves. */
    public static synchronized String keyPath() {
        return new TestIssuerKey().start().get("cfdeploy.uaa.signing-key-location");
    }

    /** The private key the server trusts. */
    static synchronized PrivateKey privateKey() {
        if (cached == null) {
            String path = System.getProperty(PROPERTY);
            if (path == null) {
                throw new IllegalStateException("TestIssuerKey has not started: it starts with every Quarkus test "
                        + "(support/TestResources); a plain unit test cannot sign tokens");
            }
            try {
                String base64 = Files.readString(Path.of(path)).replaceAll("-----(BEGIN|END) PRIVATE KEY-----", "")
                        .replaceAll("\\s", "");
                cached = KeyFactory.getInstance("RSA")
                        .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
            } catch (GeneralSecurityException | IOException exception) {
                throw new IllegalStateException(exception);
            }
        }
        return cached;
    }
}
