package io.cfdeploy.blobstore;

import io.cfdeploy.config.CfdeployConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The signed droplet URLs of the kubernetes runtime (runtimes.md §3.2): an instance's init container fetches its
 * droplet from {@code <droplet-base-url>/internal/v1/droplets/<guid>/<sha256>?sig=<hex HMAC-SHA256(secret,
 * guid|sha256)>} without a token. A URL stays valid while the droplet exists: a pod made again days later (a node
 * drained, a crash) fetches with the same template. Without {@code droplet-url-secret} nothing is signed and every
 * signature is refused.
 */
@ApplicationScoped
public class DropletUrls {
    public static final String PATH = "/internal/v1/droplets/";

    private final Optional<String> secret;

    DropletUrls(CfdeployConfig config) {
        this.secret = config.runtime().kubernetes().dropletUrlSecret().filter(value -> !value.isBlank());
    }

    public boolean enabled() {
        return secret.isPresent();
    }

    /** The signature of the droplet's bits, lower-case hex. */
    public String signature(String dropletGuid, String sha256) {
        return HexFormat.of().formatHex(mac(dropletGuid, sha256));
    }

    /** The path and query of the droplet's URL (appended to the base URL). */
    public String path(String dropletGuid, String sha256) {
        return PATH + dropletGuid + "/" + sha256 + "?sig=" + signature(dropletGuid, sha256);
    }

    /** Whether {@code signature} signs the droplet's bits; compared in constant time. */
    public boolean verify(String dropletGuid, String sha256, String signature) {
        if (secret.isEmpty() || signature == null || dropletGuid == null || sha256 == null) {
            return false;
        }
        byte[] given;
        try {
            given = HexFormat.of().parseHex(signature);
        } catch (IllegalArgumentException notHex) {
            return false;
        }
        return MessageDigest.isEqual(mac(dropletGuid, sha256), given);
    }

    private byte[] mac(String dropletGuid, String sha256) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.orElseThrow(() -> new IllegalStateException(
                    "cfdeploy.runtime.kubernetes.droplet-url-secret is not set")).getBytes(StandardCharsets.UTF_8),
                    "HmacSHA256"));
            return mac.doFinal((dropletGuid + "|" + sha256).getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException unavailable) {
            throw new IllegalStateException("HmacSHA256 is unavailable", unavailable);
        }
    }
}
