package io.cfdeploy.audit;

/** Who did it: {@code actor_guid}, {@code actor_type}, {@code actor_name} (email) and user name. */
public record Actor(String guid, String type, String name, String username) {
}
