package io.cfdeploy.message;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Human-readable sizes of a manifest ({@code 256M}, {@code 1G}, {@code 512MB}) as CAPI's ByteConverter reads them:
 * a number and one of the units B, K, KB, M, MB, G, GB, T, TB in any case; binary multiples.
 */
public final class ByteSizes {
    static final String UNITS = "must use a supported unit: B, K, KB, M, MB, G, GB, T, or TB";
    static final String NOT_A_NUMBER = "is not a number";
    private static final Pattern NUMBER = Pattern.compile("^-?\\d+(?:\\.\\d+)?");
    private static final Pattern SIZE = Pattern.compile("^(-?\\d+(?:\\.\\d+)?)\\s*([A-Za-z]+)$");

    private ByteSizes() {
    }

    /** A parsed size, or the reason it is none ({@link #UNITS} / {@link #NOT_A_NUMBER}). */
    public record Size(BigDecimal bytes, String error) {
        public BigInteger megabytes() {
            return bytes.divide(MIB, 0, RoundingMode.DOWN).toBigIntegerExact();
        }

        public BigInteger inBytes() {
            return bytes.setScale(0, RoundingMode.DOWN).toBigIntegerExact();
        }
    }

    private static final BigDecimal KIB = BigDecimal.valueOf(1024);
    private static final BigDecimal MIB = KIB.multiply(KIB);

    public static Size parse(String text) {
        String trimmed = text.strip();
        if (!NUMBER.matcher(trimmed).find()) {
            return new Size(null, NOT_A_NUMBER);
        }
        Matcher size = SIZE.matcher(trimmed);
        if (!size.matches()) {
            return new Size(null, UNITS);
        }
        BigDecimal multiplier = switch (size.group(2).toUpperCase(Locale.ROOT)) {
            case "B" -> BigDecimal.ONE;
            case "K", "KB" -> KIB;
            case "M", "MB" -> MIB;
            case "G", "GB" -> MIB.multiply(KIB);
            case "T", "TB" -> MIB.multiply(MIB);
            default -> null;
        };
        if (multiplier == null) {
            return new Size(null, UNITS);
        }
        BigDecimal number = new BigDecimal(size.group(1));
        if (number.precision() - number.scale() > 18) {
            return new Size(null, NOT_A_NUMBER);
        }
        return new Size(number.multiply(multiplier), null);
    }
}
