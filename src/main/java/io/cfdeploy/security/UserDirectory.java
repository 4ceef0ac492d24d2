package io.cfdeploy.security;

import java.util.List;
import java.util.Optional;

/**
 * Where user names live (UAA's role for CAPI): the guid, user name and origin of users the identity provider
 * knows. The built-in issuer answers from its configured users; with an external UAA it knows none, and
 * names come only from the users table.
 */
public interface UserDirectory {

    record Entry(String guid, String username, String origin) {
    }

    Optional<Entry> byGuid(String guid);

    /** Every user with this name, whatever the origin. */
    List<Entry> byUsername(String username);
}
