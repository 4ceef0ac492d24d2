package io.cfdeploy.message;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * CAPI's metadata key and label value rules ({@code metadata_validator_helper.rb}), checked in CAPI's order; each
 * method returns the first rule broken, as CAPI words it, or null when the text is valid.
 */
public final class MetadataKeys {
    private static final Pattern INVALID_CHAR = Pattern.compile("[^A-Za-z0-9_.\\-]");
    private static final Pattern ALNUM_EDGES = Pattern.compile("^[A-Za-z0-9](.*[A-Za-z0-9])?$", Pattern.DOTALL);
    /** One DNS label of {@code CloudController::DomainDecorator::DOMAIN_REGEX}. */
    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]|[a-z0-9][a-z0-9\\-]{0,61}[a-z0-9]",
            Pattern.CASE_INSENSITIVE);
    private static final int MAX_NAME = 63;
    private static final int MAX_PREFIX = 253;
    private static final String RESERVED_PREFIX = "cloudfoundry.org";

    private MetadataKeys() {
    }

    /** The first rule a key ("name" or "prefix/name") breaks, or null for a valid key. */
    public static String keyError(String key) {
        if (RubyText.blank(key)) {
            return "key cannot be empty string";
        }
        if (key.chars().filter(c -> c == '/').count() > 1) {
            return "key has more than one '/'";
        }
        String prefix = null;
        String name = key;
        if (key.indexOf('/') >= 0) {
            // Ruby's key.split('/'): "a/" gives ["a"] and "/" gives [] (no prefix, empty name)
            List<String> parts = RubyText.split(key, "/");
            prefix = parts.isEmpty() ? null : parts.get(0);
            name = parts.size() > 1 ? parts.get(1) : "";
        }
        if (prefix != null) {
            if (!isDomain(prefix)) {
                return "prefix '" + prefix + "' must be in valid dns format";
            }
            if (RubyText.size(prefix) > MAX_PREFIX) {
                return "prefix '" + RubyText.head(prefix, 8) + "...' is greater than " + MAX_PREFIX + " characters";
            }
            if (prefix.toLowerCase(Locale.ROOT).equals(RESERVED_PREFIX)) {
                return "prefix '" + RESERVED_PREFIX + "' is reserved";
            }
        }
        if (RubyText.blank(name)) {
            return "key cannot be empty string";
        }
        return nameError(name);
    }

    /**
     * {@code CloudController::DomainDecorator::DOMAIN_REGEX}
     * ({@code /\A(([a-z0-9]|[a-z0-9][a-z0-9\-]{0,61}[a-z0-9])\.)+([a-z0-9]|[a-z0-9][a-z0-9\-]{0,61}[a-z0-9])\z/i}):
     * at least two dot-separated DNS labels. Checked label by label: Java's regex engine recurses once per label of
     * that pattern and overflows the stack on a prefix of thousands of labels.
     */
    static boolean isDomain(String prefix) {
        String[] labels = prefix.split("\\.", -1);
        if (labels.length < 2) {
            return false;
        }
        for (String label : labels) {
            if (!DNS_LABEL.matcher(label).matches()) {
                return false;
            }
        }
        return true;
    }

    /** Label values follow the key-name rules; an empty value is valid. */
    public static String labelValueError(String value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        return nameError(value);
    }

    private static String nameError(String name) {
        if (INVALID_CHAR.matcher(name).find()) {
            return "'" + name + "' contains invalid characters";
        }
        if (!ALNUM_EDGES.matcher(name).matches()) {
            return "'" + name + "' starts or ends with invalid characters";
        }
        if (RubyText.size(name) > MAX_NAME) {
            return "'" + RubyText.head(name, 8) + "...' is greater than " + MAX_NAME + " characters";
        }
        return null;
    }
}
