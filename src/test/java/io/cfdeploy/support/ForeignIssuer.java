package io.cfdeploy.support;

import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.build.JwtClaimsBuilder;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;

/**
 * An external UAA the server under test is told to trust through {@code mp.jwt.verify.publickey.location}: an RSA
 * key pair made once per test JVM, its public key written as a PEM file and as a JWKS file. The files' directory
 * travels in a system property, as test profiles and tests may live in different class loaders.
 */
public final class ForeignIssuer {
    public static final String KEY_ID = "foreign-uaa-key";
    private static final String PROPERTY = "cfdeploy-test.foreign-issuer-dir";
    private static PrivateKey cached;

    private ForeignIssuer() {
    }

    /** The PEM ({@code -----BEGIN PUBLIC KEY-----}) file of the public key. */
    public static Path publicKeyPem() {
        return directory().resolve("public.pem");
    }

    /** A JWKS ({@code {"keys":[…]}}, as UAA's /token_keys) holding the public key under {@link #KEY_ID}. */
    public static Path jwks() {
        return directory().resolve("jwks.json");
    }

    /** A token of this issuer with the claims given, RS256. */
    public static String sign(JwtClaimsBuilder claims) {
        return claims.jws().keyId(KEY_ID).algorithm(SignatureAlgorithm.RS256).sign(privateKey());
    }

    /** A token of this issuer with exactly these claims (nothing added). */
    public static String signExactly(String claimsJson) {
        return Tokens.signExactly(claimsJson, KEY_ID, privateKey());
    }

    static synchronized PrivateKey privateKey() {
        if (cached == null) {
            try {
                String base64 = Files.readString(directory().resolve("private.pem"))
                        .replaceAll("-----(BEGIN|END) PRIVATE KEY-----", "").replaceAll("\\s", "");
                cached = KeyFactory.getInstance("RSA")
                        .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
            } catch (GeneralSecurityException | IOException exception) {
                throw new IllegalStateException(exception);
            }
        }
        return cached;
    }

    private static synchronized Path directory() {
        String existing = System.getProperty(PROPERTY);
        if (existing != null) {
            return Path.of(existing);
        }
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            KeyPair pair = generator.generateKeyPair();
            Path directory = Files.createTempDirectory("cfdeploy-foreign-issuer");
            Files.writeString(directory.resolve("private.pem"), pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
            Files.writeString(directory.resolve("public.pem"), pem("PUBLIC KEY", pair.getPublic().getEncoded()));
            RSAPublicKey key = (RSAPublicKey) pair.getPublic();
            Files.writeString(directory.resolve("jwks.json"), "{\"keys\":[{\"kty\":\"RSA\",\"kid\":\"" + KEY_ID
                    + "\",\"alg\":\"RS256\",\"use\":\"sig\",\"n\":\"" + unsigned(key.getModulus()) + "\",\"e\":\""
                    + unsigned(key.getPublicExponent()) + "\"}]}");
            for (String file : new String[] { "private.pem", "public.pem", "jwks.json" }) {
                directory.resolve(file).toFile().deleteOnExit();
            }
            directory.toFile().deleteOnExit();
            System.setProperty(PROPERTY, directory.toString());
            return directory;
        } catch (GeneralSecurityException | IOException exception) {
            throw new IllegalStateException(exception);
        }
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(der) + "\n-----END " + type + "-----\n";
    }

    /** Base64url of the big-endian magnitude without a sign byte, as JWK wants. */
    private static String unsigned(BigInteger value) {
        byte[] bytes = value.toByteArray();
        if (bytes.length > 1 && bytes[0] == 0) {
            bytes = java.util.Arrays.copyOfRange(bytes, 1, bytes.length);
        }
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
