package io.cfdeploy.uaa;

import io.cfdeploy.config.CfdeployConfig;
import io.cfdeploy.security.LocalIssuerKey;
import io.quarkus.arc.lookup.LookupIfProperty;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The issuer's RSA key pair: read from {@code cfdeploy.uaa.signing-key-location} (PKCS#8 PEM, a file path or a
 * classpath resource), else generated when the bean is first used at run time (never at build time).
 */
@ApplicationScoped
@LookupIfProperty(name = "cfdeploy.uaa.enabled", stringValue = "true")
public class IssuerKeys implements LocalIssuerKey {
    private final KeyPair keyPair;
    private final String keyId;

    IssuerKeys(CfdeployConfig config) {
        this.keyId = config.uaa().keyId();
        this.keyPair = config.uaa().signingKeyLocation().filter(location -> !location.isBlank())
                .map(IssuerKeys::read).orElseGet(IssuerKeys::generate);
    }

    @Override
    public RSAPublicKey publicKey() {
        return (RSAPublicKey) keyPair.getPublic();
    }

    public java.security.PrivateKey privateKey() {
        return keyPair.getPrivate();
    }

    public String keyId() {
        return keyId;
    }

    /** The public key as UAA's /token_keys renders it. */
    public Map<String, Object> jwk() {
        RSAPublicKey key = publicKey();
        Map<String, Object> jwk = new LinkedHashMap<>();
        jwk.put("kty", "RSA");
        jwk.put("e", base64Url(key.getPublicExponent()));
        jwk.put("use", "sig");
        jwk.put("kid", keyId);
        jwk.put("alg", "RS256");
        jwk.put("value", "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(key.getEncoded())
                + "\n-----END PUBLIC KEY-----");
        jwk.put("n", base64Url(key.getModulus()));
        return jwk;
    }

    private static String base64Url(BigInteger value) {
        byte[] bytes = value.toByteArray();
        if (bytes.length > 1 && bytes[0] == 0) {
            bytes = java.util.Arrays.copyOfRange(bytes, 1, bytes.length);
        }
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static KeyPair generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException exception) {
            throw new IllegalStateException("cannot generate the issuer key pair", exception);
        }
    }

    private static KeyPair read(String location) {
        try {
            String pem = load(location);
            String base64 = pem.replaceAll("-----(BEGIN|END) PRIVATE KEY-----", "").replaceAll("\\s", "");
            KeyFactory factory = KeyFactory.getInstance("RSA");
            RSAPrivateCrtKey privateKey = (RSAPrivateCrtKey) factory.generatePrivate(
                    new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
            RSAPublicKey publicKey = (RSAPublicKey) factory.generatePublic(
                    new RSAPublicKeySpec(privateKey.getModulus(), privateKey.getPublicExponent()));
            return new KeyPair(publicKey, privateKey);
        } catch (IOException | GeneralSecurityException | IllegalArgumentException | ClassCastException exception) {
            throw new IllegalStateException("cannot read the issuer signing key (PKCS#8 RSA PEM expected) from "
                    + location, exception);
        }
    }

    private static String load(String location) throws IOException {
        if (location.startsWith("classpath:")) {
            try (InputStream in = Thread.currentThread().getContextClassLoader()
                    .getResourceAsStream(location.substring("classpath:".length()))) {
                if (in == null) {
                    throw new IOException("no such resource");
                }
                return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
            }
        }
        return Files.readString(Path.of(location.startsWith("file:") ? location.substring(5) : location),
                StandardCharsets.US_ASCII);
    }
}
