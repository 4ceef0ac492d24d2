package io.cfdeploy.message;

/** CAPI's org/space name format: printable characters only (no control or escaped characters). */
final class Names {
    private Names() {
    }

    static boolean hasEscapedCharacters(String name) {
        return name.chars().anyMatch(Character::isISOControl);
    }
}
