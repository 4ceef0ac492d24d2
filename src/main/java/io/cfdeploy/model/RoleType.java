package io.cfdeploy.model;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** CF role types, in CAPI's order ({@code RoleTypes}). */
public enum RoleType {
    ORGANIZATION_AUDITOR, ORGANIZATION_MANAGER, ORGANIZATION_BILLING_MANAGER, ORGANIZATION_USER,
    SPACE_AUDITOR, SPACE_MANAGER, SPACE_DEVELOPER, SPACE_SUPPORTER;

    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public boolean isSpaceRole() {
        return name().startsWith("SPACE_");
    }

    public static Optional<RoleType> fromWire(String value) {
        return Arrays.stream(values()).filter(type -> type.wireName().equals(value)).findFirst();
    }

    public static List<String> wireNames() {
        return Arrays.stream(values()).map(RoleType::wireName).toList();
    }
}
