package io.cfdeploy.message;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A parsed {@code label_selector}: requirements that must all hold. */
public record LabelSelector(List<Requirement> requirements) {
    private static final int MAX_REQUIREMENTS = 50;
    private static final Pattern SET = Pattern.compile("^\\s*([^\\s=!(),]+)\\s+(in|notin)\\s+\\((.*)\\)\\s*$");
    private static final Pattern EQUALITY = Pattern.compile("^\\s*([^\\s=!(),]+)\\s*(==|!=|=)\\s*([^\\s=!(),]*)\\s*$");
    private static final Pattern NOT_EXISTS = Pattern.compile("^\\s*!\\s*([^\\s=!(),]+)\\s*$");
    private static final Pattern EXISTS = Pattern.compile("^\\s*([^\\s=!(),]+)\\s*$");

    public enum Operator {
        EXISTS, NOT_EXISTS, EQUAL, NOT_EQUAL, IN, NOT_IN
    }

    public record Requirement(String key, Operator operator, List<String> values) {
    }

    /** Parses the selector, adding CAPI's messages to {@code errors}; null when invalid. */
    public static LabelSelector parse(String selector, ValidationErrors errors) {
        if (selector == null || selector.isBlank()) {
            errors.add("Missing label_selector value");
            return null;
        }
        List<String> parts = splitOutsideParentheses(selector);
        if (parts.size() > MAX_REQUIREMENTS) {
            errors.add("Too many label_selector requirements (maximum is " + MAX_REQUIREMENTS + ")");
            return null;
        }
        List<Requirement> requirements = new ArrayList<>();
        for (String part : parts) {
            Requirement requirement = requirement(part);
            if (requirement == null) {
                errors.add("Invalid label_selector value");
                return null;
            }
            String keyError = MetadataKeys.keyError(requirement.key());
            if (keyError != null) {
                errors.add(keyError);
                return null;
            }
            for (String value : requirement.values()) {
                String valueError = value.isEmpty() ? null : MetadataKeys.labelValueError(value);
                if (valueError != null) {
                    errors.add(valueError);
                    return null;
                }
            }
            requirements.add(requirement);
        }
        return new LabelSelector(List.copyOf(requirements));
    }

    private static Requirement requirement(String part) {
        Matcher set = SET.matcher(part);
        if (set.matches()) {
            List<String> values = new ArrayList<>();
            for (String value : set.group(3).split(",", -1)) {
                values.add(value.trim());
            }
            Operator operator = set.group(2).equals("in") ? Operator.IN : Operator.NOT_IN;
            return new Requirement(set.group(1), operator, List.copyOf(values));
        }
        Matcher equality = EQUALITY.matcher(part);
        if (equality.matches()) {
            Operator operator = equality.group(2).equals("!=") ? Operator.NOT_EQUAL : Operator.EQUAL;
            return new Requirement(equality.group(1), operator, List.of(equality.group(3)));
        }
        Matcher notExists = NOT_EXISTS.matcher(part);
        if (notExists.matches()) {
            return new Requirement(notExists.group(1), Operator.NOT_EXISTS, List.of());
        }
        Matcher exists = EXISTS.matcher(part);
        if (exists.matches()) {
            return new Requirement(exists.group(1), Operator.EXISTS, List.of());
        }
        return null;
    }

    private static List<String> splitOutsideParentheses(String selector) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < selector.length(); i++) {
            char c = selector.charAt(i);
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth = Math.max(0, depth - 1);
            } else if (c == ',' && depth == 0) {
                parts.add(selector.substring(start, i));
                start = i + 1;
            }
        }
        parts.add(selector.substring(start));
        return parts;
    }
}
