package io.cfdeploy.audit;

/** What it was done to, and where: target guid/type/name, space and organization guids (either may be null). */
public record Target(String guid, String type, String name, String spaceGuid, String organizationGuid) {
}
