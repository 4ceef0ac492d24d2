package io.cfdeploy.security;

import java.util.Set;

/** A set of rows the caller may act on: everything, or these internal ids (or guids). */
public record Scope<T>(boolean all, Set<T> members) {
    public static <T> Scope<T> everything() {
        return new Scope<>(true, Set.of());
    }

    public static <T> Scope<T> only(Set<T> members) {
        return new Scope<>(false, Set.copyOf(members));
    }

    public boolean includes(T member) {
        return all || members.contains(member);
    }

    public boolean isEmpty() {
        return !all && members.isEmpty();
    }
}
