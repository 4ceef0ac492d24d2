package io.cfdeploy.message;

/**
 * CAPI's org/space name format {@code /\A[[:alnum:][:punct:][:print:]]+\Z/} ("must not contain escaped
 * characters"): one or more printable characters. Control characters, line and paragraph separators, lone
 * surrogates and unassigned code points are not printable; an empty name does not match either.
 */
final class Names {
    private Names() {
    }

    static boolean hasEscapedCharacters(String name) {
        return name.isEmpty() || name.codePoints().anyMatch(Names::unprintable);
    }

    private static boolean unprintable(int codePoint) {
        int type = Character.getType(codePoint);
        return type == Character.CONTROL || type == Character.LINE_SEPARATOR
                || type == Character.PARAGRAPH_SEPARATOR || type == Character.SURROGATE
                || type == Character.UNASSIGNED;
    }
}
