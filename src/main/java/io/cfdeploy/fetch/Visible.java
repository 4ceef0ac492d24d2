package io.cfdeploy.fetch;

import io.cfdeploy.security.RoleSet;

/**
 * A resource the caller may read, with the caller's roles in its space: what a fetcher's {@code readable} answers,
 * so the action or resource decides the next check (write, secrets) without asking for the roles again.
 */
public record Visible<T>(T resource, RoleSet roles) {
}
