package io.cfdeploy.message;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The few Ruby/Rails string behaviours CAPI's validations depend on, so the messages treat the same inputs the
 * same way: {@code String#split} (trailing empty fields dropped), {@code String#to_i}, {@code blank?}/{@code present?},
 * {@code CGI.escape} and {@code Addressable::URI.unescape}.
 */
final class RubyText {
    private static final Pattern TO_I = Pattern.compile("^[ \\t\\n\\x0B\\f\\r]*([+-]?)(\\d+(?:_\\d+)*)");
    private static final Pattern BLANK = Pattern.compile("[\\p{IsWhite_Space}]*");

    private RubyText() {
    }

    /** Ruby's {@code str.split(regex)}: like Java's with limit -1, minus trailing empty fields ("" gives []). */
    static List<String> split(String text, String regex) {
        List<String> parts = new ArrayList<>(List.of(text.split(regex, -1)));
        while (!parts.isEmpty() && parts.get(parts.size() - 1).isEmpty()) {
            parts.remove(parts.size() - 1);
        }
        return parts;
    }

    /** Ruby's {@code String#to_i}: leading whitespace, a sign and digits (with single underscores); else 0. */
    static BigInteger toI(String text) {
        Matcher matcher = TO_I.matcher(text);
        if (!matcher.find()) {
            return BigInteger.ZERO;
        }
        BigInteger value = new BigInteger(matcher.group(2).replace("_", ""));
        return matcher.group(1).equals("-") ? value.negate() : value;
    }

    /** ActiveSupport's {@code blank?} for strings: empty or only Unicode white space. */
    static boolean blank(String text) {
        return text == null || BLANK.matcher(text).matches();
    }

    /** Number of characters as Ruby counts them (code points, not UTF-16 units). */
    static int size(String text) {
        return text.codePointCount(0, text.length());
    }

    /** Ruby's {@code text[0...n]}: the first n characters. */
    static String head(String text, int n) {
        return size(text) <= n ? text : text.substring(0, text.offsetByCodePoints(0, n));
    }

    /** {@code CGI.escape}: everything but {@code A-Za-z0-9_.-~} percent-encoded (UTF-8), spaces as "+". */
    static String cgiEscape(String text) {
        StringBuilder escaped = new StringBuilder();
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.'
                    || c == '-' || c == '~') {
                escaped.append((char) c);
            } else if (c == ' ') {
                escaped.append('+');
            } else {
                escaped.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return escaped.toString();
    }

    /** {@code Addressable::URI.unescape}: every valid %XX decoded (as UTF-8); anything else left as it is. */
    static String unescape(String text) {
        if (text.indexOf('%') < 0) {
            return text;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        byte[] source = text.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < source.length; i++) {
            if (source[i] == '%' && i + 2 < source.length && hex(source[i + 1]) >= 0 && hex(source[i + 2]) >= 0) {
                bytes.write(hex(source[i + 1]) * 16 + hex(source[i + 2]));
                i += 2;
            } else {
                bytes.write(source[i]);
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static int hex(byte b) {
        return Character.digit(b, 16);
    }
}
