package io.cfdeploy.security;

import java.security.PublicKey;

/** The public key of the built-in token issuer, when it is on; tokens it signs are trusted. */
public interface LocalIssuerKey {
    PublicKey publicKey();
}
