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
        // the next ')' or line break after the last '(' looked at: positions only grow, so every character is
        // scanned once however many '(' stay unclosed
        int stop = -1;
        int start = 0;
        while (start < length) {
            int at = start;
            while (at < length && selector.charAt(at) != ',') {
                if (selector.charAt(at) == '(') {
                    if (stop <= at) {
                        stop = at + 1;
                        while (stop < length && selector.charAt(stop) != ')' && selector.charAt(stop) != '\n') {
                            stop++;
                        }
                    }
                    if (stop < length && selector.charAt(stop) == ')') {
                        at = stop + 1;
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
        Requirement set = setRequirement(part, " in (", Operator.IN);
        if (set == null) {
            set = setRequirement(part, " notin (", Operator.NOT_IN);
        }
        if (set != null) {
            return set;
        }
        Matcher matcher;
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

    /**
     * CAPI's {@code /\A(.*?) in \((.*)\)\z/} (and its {@code notin} twin), matched by hand: the regex backtracks
     * from the end once per {@code " in ("}, quadratic on a long selector. No line break anywhere ({@code .} does
     * not match one), a final {@code )}, and the key is what stands before the first operator.
     */
    static Requirement setRequirement(String part, String operator, Operator kind) {
        int at = part.indexOf(operator);
        int close = part.length() - 1;
        if (at < 0 || close < at + operator.length() || part.charAt(close) != ')' || part.indexOf('\n') >= 0) {
            return null;
        }
        return new Requirement(part.substring(0, at), kind, values(part.substring(at + operator.length(), close)));
    }

    /** {@code values.split(',')} in Ruby: "" gives no values, a trailing comma adds none. */
    private static List<String> values(String values) {
        return List.copyOf(RubyText.split(values, ","));
    }
}
