package io.cfdeploy.message;

import java.util.Locale;
import java.util.regex.Pattern;

/** CAPI's metadata key and label value rules ({@code metadata_validator_helper.rb}); null means valid. */
public final class MetadataKeys {
    private static final Pattern NAME_CHARS = Pattern.compile("[A-Za-z0-9_.\\-]*");
    private static final Pattern ALNUM_EDGES = Pattern.compile("^[A-Za-z0-9](.*[A-Za-z0-9])?$", Pattern.DOTALL);
    private static final Pattern DNS_LABEL = Pattern.compile("^[a-z0-9]([a-z0-9\\-]{0,61}[a-z0-9])?$",
            Pattern.CASE_INSENSITIVE);
    private static final int MAX_NAME = 63;
    private static final int MAX_PREFIX = 253;

    private MetadataKeys() {
    }

    /** The first rule a key breaks, as CAPI words it, or null for a valid key. */
    public static String keyError(String key) {
        if (key.isEmpty()) {
            return "key cannot be empty string";
        }
        int slash = key.indexOf('/');
        if (slash >= 0 && key.indexOf('/', slash + 1) >= 0) {
            return "key has more than one '/'";
        }
        String name = key;
        if (slash >= 0) {
            String prefix = key.substring(0, slash);
            name = key.substring(slash + 1);
            if (!isDnsName(prefix)) {
                return "prefix '" + prefix + "' must be in valid dns format";
            }
            if (prefix.length() > MAX_PREFIX) {
                return "prefix '" + prefix.substring(0, 8) + "...' is greater than " + MAX_PREFIX + " characters";
            }
            if (prefix.toLowerCase(Locale.ROOT).equals("cloudfoundry.org")) {
                return "prefix 'cloudfoundry.org' is reserved";
            }
        }
        if (name.isEmpty()) {
            return "key cannot be empty string";
        }
        return nameError(name);
    }

    /** Label values follow the key-name rules. */
    public static String labelValueError(String value) {
        return nameError(value);
    }

    private static String nameError(String name) {
        if (!NAME_CHARS.matcher(name).matches()) {
            return "'" + name + "' contains invalid characters";
        }
        if (!ALNUM_EDGES.matcher(name).matches()) {
            return "'" + name + "' starts or ends with invalid characters";
        }
        if (name.length() > MAX_NAME) {
            return "'" + name.substring(0, 8) + "...' is greater than " + MAX_NAME + " characters";
        }
        return null;
    }

    private static boolean isDnsName(String prefix) {
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
}
