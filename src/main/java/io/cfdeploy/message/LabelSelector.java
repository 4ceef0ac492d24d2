package io.cfdeploy.message;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A parsed {@code label_selector}: requirements that must all hold. Parsed the way CAPI parses it
 * ({@code metadata_helpers.rb}, {@code list_message.rb}, {@code label_selector_requirement_validator.rb}):
 * requirements are the comma-separated runs outside parentheses (empty runs are skipped), each must match one of
 * the forms exactly (no spaces around {@code =}, one space around {@code in}/{@code notin}), and set values are
 * split on commas the Ruby way ({@code "a in ()"} has no values and matches nothing).
 */
public record LabelSelector(List<Requirement> requirements) {
    public static final int MAX_REQUIREMENTS = 50;
    private static final String KEY = "[\\w\\-._/]+";
    private static final Pattern IN = Pattern.compile("\\A(.*?) in \\((.*)\\)\\z", Pattern.UNIX_LINES);
    private static final Pattern NOT_IN = Pattern.compile("\\A(.*?) notin \\((.*)\\)\\z", Pattern.UNIX_LINES);
    private static final Pattern EQUAL = Pattern.compile("\\A(" + KEY + ")==?(.*)\\z", Pattern.UNIX_LINES);
    private static final Pattern NOT_EQUAL = Pattern.compile("\\A(" + KEY + ")!=(.*)\\z", Pattern.UNIX_LINES);
    private static final Pattern EXISTS = Pattern.compile("\\A(" + KEY + ")\\z");
    private static final Pattern NOT_EXISTS = Pattern.compile("\\A!(" + KEY + ")\\z");

    public enum Operator {
        EXISTS, NOT_EXISTS, EQUAL, NOT_EQUAL, IN, NOT_IN
    }

    /**
     * @param values the values to compare with; may be empty ({@code a=} or {@code a in ()}): an equality or
     *               {@code in} with no values matches nothing, a {@code !=} or {@code notin} with none matches all
     */
    public record Requirement(String key, Operator operator, List<String> values) {
    }

    /**
     * Parses the selector, adding CAPI's messages to {@code errors} (one per bad requirement); null when invalid.
     *
     * @param selector the parameter's value, or null when it was given without {@code =}
     */
    public static LabelSelector parse(String selector, ValidationErrors errors) {
        List<String> parts = selector == null ? List.of() : split(selector);
        if (parts.isEmpty()) {
            errors.add("Missing label_selector value");
            return null;
        }
        if (parts.size() > MAX_REQUIREMENTS) {
            errors.add("Too many label_selector requirements (maximum is " + MAX_REQUIREMENTS + ")");
            return null;
        }
        List<Requirement> requirements = new ArrayList<>();
        boolean valid = true;
        for (String part : parts) {
            Requirement requirement = requirement(part);
            String error = requirement == null ? "Invalid label_selector value" : error(requirement);
            if (error != null) {
                errors.add(error);
                valid = false;
            } else {
                requirements.add(requirement);
            }
        }
        return valid ? new LabelSelector(List.copyOf(requirements)) : null;
    }

    /**
     * The runs CAPI's {@code selector.scan(/(?:\(.*?\)|[^,])+/)} finds: maximal runs without a comma, where a
     * parenthesised group (up to the first {@code )}, not across a line break) may hold commas; empty runs are
     * skipped. Scanned by hand: Java's regex engine recurses once per character of that pattern and overflows the
     * stack on a long selector.
     */
    static List<String> split(String selector) {
        List<String> parts = new ArrayList<>();
        int length = selector.length();
        int start = 0;
        while (start < length) {
            int at = start;
            while (at < length && selector.charAt(at) != ',') {
                if (selector.charAt(at) == '(') {
                    int close = at + 1;
                    while (close < length && selector.charAt(close) != ')' && selector.charAt(close) != '\n') {
                        close++;
                    }
                    if (close < length && selector.charAt(close) == ')') {
                        at = close + 1;
                        continue;
                    }
                }
                at++;
            }
            if (at > start) {
                parts.add(selector.substring(start, at));
            }
            start = at + 1;
        }
        return parts;
    }

    private static String error(Requirement requirement) {
        String keyError = MetadataKeys.keyError(requirement.key());
        if (keyError != null) {
            return keyError;
        }
        for (String value : requirement.values()) {
            String valueError = MetadataKeys.labelValueError(value);
            if (valueError != null) {
                return valueError;
            }
        }
        return null;
    }

    private static Requirement requirement(String part) {
        Matcher matcher;
        if ((matcher = IN.matcher(part)).matches()) {
            return new Requirement(matcher.group(1), Operator.IN, values(matcher.group(2)));
        }
        if ((matcher = NOT_IN.matcher(part)).matches()) {
            return new Requirement(matcher.group(1), Operator.NOT_IN, values(matcher.group(2)));
        }
        if ((matcher = EQUAL.matcher(part)).matches()) {
            return new Requirement(matcher.group(1), Operator.EQUAL, values(matcher.group(2)));
        }
        if ((matcher = NOT_EQUAL.matcher(part)).matches()) {
            return new Requirement(matcher.group(1), Operator.NOT_EQUAL, values(matcher.group(2)));
        }
        if ((matcher = EXISTS.matcher(part)).matches()) {
            return new Requirement(matcher.group(1), Operator.EXISTS, List.of());
        }
        if ((matcher = NOT_EXISTS.matcher(part)).matches()) {
            return new Requirement(matcher.group(1), Operator.NOT_EXISTS, List.of());
        }
        return null;
    }

    /** {@code values.split(',')} in Ruby: "" gives no values, a trailing comma adds none. */
    private static List<String> values(String values) {
        return List.copyOf(RubyText.split(values, ","));
    }
}
