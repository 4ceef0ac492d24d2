package io.cfdeploy.message;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.regex.Pattern;

/**
 * ActiveModel's {@code numericality: {only_integer: true, …}} for a JSON value, with its texts: "is not a
 * number", "must be an integer", "must be greater than (or equal to) n", "must be less than or equal to n". As in
 * Rails, a string holding an integer counts as that integer.
 */
final class Numericality {
    static final long MAX_DB_INT = 2_147_483_647L;
    static final long MAX_DB_BIGINT = Long.MAX_VALUE;

    private static final Pattern INTEGER = Pattern.compile("^[+-]?\\d+$");

    private Numericality() {
    }

    /**
     * The integer in {@code value}, or null when it is absent, JSON null or invalid (then a message is added).
     *
     * @param min        the smallest allowed value
     * @param minMessage "must be greater than 0" or "must be greater than or equal to n"
     */
    static BigInteger integer(JsonNode value, String label, long min, String minMessage, long max,
            ValidationErrors errors) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            return null;
        }
        BigInteger number;
        if (value.isIntegralNumber()) {
            number = value.bigIntegerValue();
        } else if (value.isNumber()) {
            errors.add(label + " must be an integer");
            return null;
        } else if (value.isTextual()) {
            String text = value.textValue();
            if (INTEGER.matcher(text).matches()) {
                number = new BigInteger(text.startsWith("+") ? text.substring(1) : text);
            } else if (isDecimal(text)) {
                errors.add(label + " must be an integer");
                return null;
            } else {
                errors.add(label + " is not a number");
                return null;
            }
        } else {
            errors.add(label + " is not a number");
            return null;
        }
        if (number.compareTo(BigInteger.valueOf(min)) < 0) {
            errors.add(label + " " + minMessage);
            return null;
        }
        if (number.compareTo(BigInteger.valueOf(max)) > 0) {
            errors.add(label + " must be less than or equal to " + max);
            return null;
        }
        return number;
    }

    private static boolean isDecimal(String text) {
        try {
            new BigDecimal(text.trim());
            return !text.isBlank();
        } catch (NumberFormatException notANumber) {
            return false;
        }
    }
}
