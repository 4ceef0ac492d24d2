package io.cfdeploy.uaa;

import io.cfdeploy.security.UserDirectory;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;

/** The built-in issuer's configured users as the {@link UserDirectory} (names only, never passwords). */
@ApplicationScoped
public class UaaUserDirectory implements UserDirectory {
    private final UaaUsers users;

    UaaUserDirectory(UaaUsers users) {
        this.users = users;
    }

    @Override
    public Optional<Entry> byGuid(String guid) {
        return users.byGuid(guid).map(UaaUserDirectory::entry);
    }

    @Override
    public List<Entry> byUsername(String username) {
        return users.byName(username).map(UaaUserDirectory::entry).stream().toList();
    }

    private static Entry entry(UaaUsers.User user) {
        return new Entry(user.guid(), user.name(), user.origin());
    }
}
