package io.cfdeploy.message;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cfdeploy.message.LabelSelector.Operator;
import io.cfdeploy.message.LabelSelector.Requirement;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** LabelSelector.parse against CAPI's requirement patterns and validator, without a server. */
class LabelSelectorParsingTest {

    static List<Requirement> requirements(String selector) {
        ValidationErrors errors = new ValidationErrors();
        LabelSelector parsed = LabelSelector.parse(selector, errors);
        assertTrue(errors.isEmpty(), () -> selector + ": " + errors.messages());
        assertNotNull(parsed);
        return parsed.requirements();
    }

    static Requirement requirement(String selector) {
        List<Requirement> requirements = requirements(selector);
        assertEquals(1, requirements.size());
        return requirements.get(0);
    }

    static List<String> errors(String selector) {
        ValidationErrors errors = new ValidationErrors();
        assertNull(LabelSelector.parse(selector, errors));
        return errors.messages();
    }

    @Test
    void everyForm() {
        assertEquals(new Requirement("env", Operator.EXISTS, List.of()), requirement("env"));
        assertEquals(new Requirement("env", Operator.NOT_EXISTS, List.of()), requirement("!env"));
        assertEquals(new Requirement("env", Operator.EQUAL, List.of("prod")), requirement("env=prod"));
        assertEquals(new Requirement("env", Operator.EQUAL, List.of("prod")), requirement("env==prod"));
        assertEquals(new Requirement("env", Operator.NOT_EQUAL, List.of("prod")), requirement("env!=prod"));
        assertEquals(new Requirement("env", Operator.IN, List.of("a", "b")), requirement("env in (a,b)"));
        assertEquals(new Requirement("env", Operator.NOT_IN, List.of("a", "b")), requirement("env notin (a,b)"));
        assertEquals(new Requirement("example.com/env", Operator.EQUAL, List.of("x")),
                requirement("example.com/env=x"));
        assertEquals(new Requirement("a.b-c_d", Operator.EXISTS, List.of()), requirement("a.b-c_d"));
    }

    @Test
    void requirementsAreCommaSeparatedOutsideParentheses() {
        assertEquals(List.of(new Requirement("a", Operator.IN, List.of("x", "y")),
                new Requirement("b", Operator.NOT_EXISTS, List.of()),
                new Requirement("c", Operator.NOT_IN, List.of("z")),
                new Requirement("d", Operator.EQUAL, List.of("w"))),
                requirements("a in (x,y),!b,c notin (z),d=w"));
    }

    @Test
    void emptyRunsBetweenCommasAreSkipped() {
        assertEquals(2, requirements("a,,b,").size());
        assertEquals(1, requirements(",a").size());
    }

    @Test
    void valuesSplitTheRubyWay() {
        assertEquals(List.of(), requirement("a in ()").values());
        assertEquals(List.of(), requirement("a notin ()").values());
        assertEquals(List.of(), requirement("a=").values());
        assertEquals(List.of(), requirement("a!=").values());
        assertEquals(List.of("x"), requirement("a in (x,)").values());
        assertEquals(List.of("", "x"), requirement("a in (,x)").values());
        assertEquals(List.of("x", "", "y"), requirement("a in (x,,y)").values());
    }

    @Test
    void missing() {
        assertEquals(List.of("Missing label_selector value"), errors(null));
        assertEquals(List.of("Missing label_selector value"), errors(""));
        assertEquals(List.of("Missing label_selector value"), errors(","));
        assertEquals(List.of("Missing label_selector value"), errors(",,,"));
    }

    @Test
    void atMostFiftyRequirements() {
        String fifty = IntStream.range(0, 50).mapToObj(i -> "k" + i).collect(Collectors.joining(","));
        assertEquals(50, requirements(fifty).size());
        assertEquals(List.of("Too many label_selector requirements (maximum is 50)"), errors(fifty + ",k50"));
        String inSets = IntStream.range(0, 50).mapToObj(i -> "k" + i + " in (a,b,c)")
                .collect(Collectors.joining(","));
        assertEquals(50, requirements(inSets).size());
    }

    @ParameterizedTest
    @ValueSource(strings = {" ", "a b", "a = b", "a =b", "a in(b)", "a in (b", "a in b", "a notin(b)", "!", "! a",
            "!a=b", "a&b", "(a)", "a in (b) x", "a IN (b)", "a\n", "a=b,c d"})
    void unparsable(String selector) {
        assertTrue(errors(selector).contains("Invalid label_selector value"), () -> selector + " " + errors(selector));
    }

    @Test
    void eachBadRequirementIsReported() {
        assertEquals(List.of("Invalid label_selector value", "Invalid label_selector value"), errors("a b,ok,c d"));
    }

    @Test
    void keysFollowTheMetadataKeyRules() {
        assertEquals(List.of("prefix 'cloudfoundry.org' is reserved"), errors("cloudfoundry.org/a"));
        assertEquals(List.of("prefix 'foo' must be in valid dns format"), errors("foo/bar=x"));
        assertEquals(List.of("key has more than one '/'"), errors("a/b/c"));
        assertEquals(List.of("'-a' starts or ends with invalid characters"), errors("-a"));
        assertEquals(List.of("'" + "a".repeat(8) + "...' is greater than 63 characters"), errors("a".repeat(64)));
        assertEquals(List.of("'a b' contains invalid characters"), errors("a b in (x)"));
        assertEquals(List.of("key cannot be empty string"), errors("example.com/=x"));
    }

    @Test
    void valuesFollowTheLabelValueRules() {
        assertEquals(List.of("'-b' starts or ends with invalid characters"), errors("a=-b"));
        assertEquals(List.of("'=b' contains invalid characters"), errors("a===b"));
        assertEquals(List.of("'b c' contains invalid characters"), errors("a in (ok,b c)"));
        assertEquals(List.of("'" + "v".repeat(8) + "...' is greater than 63 characters"),
                errors("a!=" + "v".repeat(64)));
        assertEquals(List.of("'(b' contains invalid characters"), errors("a=(b,c)"));
        assertEquals(List.of("' b' contains invalid characters"), errors("a= b"));
        assertEquals(List.of("'b=c!' contains invalid characters"), errors("a=b=c!"));
        assertEquals(List.of("'a ' contains invalid characters"), errors("a  in (b)"));
    }

    @Test
    void longSelectorsAreValidationErrorsNotAStackOverflow() {
        assertEquals(List.of("'" + "a".repeat(8) + "...' is greater than 63 characters"),
                errors("a".repeat(200_000)));
        assertEquals(List.of("Invalid label_selector value"), errors("a in (" + "b".repeat(200_000)));
        assertEquals(List.of("prefix '" + "a.".repeat(4) + "...' is greater than 253 characters"),
                errors("a.".repeat(100_000) + "a/b"));
    }

    /** The hand-written split finds exactly the runs of CAPI's {@code /(?:\(.*?\)|[^,])+/} scan. */
    @Test
    void splitIsCapisScan() {
        java.util.regex.Pattern scan = java.util.regex.Pattern.compile("(?:\\(.*?\\)|[^,])+",
                java.util.regex.Pattern.UNIX_LINES);
        java.util.Random random = new java.util.Random(42);
        String alphabet = "a,() \n=!";
        for (int round = 0; round < 20_000; round++) {
            StringBuilder selector = new StringBuilder();
            for (int index = random.nextInt(16); index > 0; index--) {
                selector.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            java.util.List<String> expected = new java.util.ArrayList<>();
            java.util.regex.Matcher matcher = scan.matcher(selector);
            while (matcher.find()) {
                expected.add(matcher.group());
            }
            assertEquals(expected, LabelSelector.split(selector.toString()), selector.toString());
        }
    }

    /** The longest label_selector a request line can carry (32 KiB). */
    private static final int MAX_SELECTOR = 32 * 1024;

    /**
     * Bounded time on the worst inputs of the allowed size: every '(' left unclosed once made the split rescan to
     * the end (quadratic: about half a billion character reads for 32 KiB). Each input takes well under 10 ms now;
     * the ceiling is ten times above that, after a warm-up so the JIT does not count.
     */
    @ParameterizedTest
    @ValueSource(strings = { "(", "a(", "(\n", "a in (", "a in (b,", ",(", "a notin (" })
    void worstSelectorsOfTheAllowedSizeParseInBoundedTime(String unit) {
        String selector = unit.repeat(MAX_SELECTOR / unit.length());
        for (int warmUp = 0; warmUp < 3; warmUp++) {
            LabelSelector.parse(selector, new ValidationErrors());
        }
        long started = System.nanoTime();
        LabelSelector.parse(selector, new ValidationErrors());
        long millis = (System.nanoTime() - started) / 1_000_000;
        assertTrue(millis < 100, unit + " x " + MAX_SELECTOR / unit.length() + " took " + millis + " ms");
    }

    /** The hand-matched set forms agree with CAPI's regexes on random short inputs. */
    @Test
    void setRequirementsAreCapisPatterns() {
        java.util.regex.Pattern in = java.util.regex.Pattern.compile("\\A(.*?) in \\((.*)\\)\\z",
                java.util.regex.Pattern.UNIX_LINES);
        java.util.regex.Pattern notIn = java.util.regex.Pattern.compile("\\A(.*?) notin \\((.*)\\)\\z",
                java.util.regex.Pattern.UNIX_LINES);
        java.util.Random random = new java.util.Random(7);
        String[] pieces = { " in (", " notin (", "(", ")", "a", ",", "\n", " ", "in", "not" };
        for (int round = 0; round < 20_000; round++) {
            StringBuilder part = new StringBuilder();
            for (int index = random.nextInt(7); index > 0; index--) {
                part.append(pieces[random.nextInt(pieces.length)]);
            }
            String text = part.toString();
            for (var form : List.of(java.util.Map.entry(in, " in ("), java.util.Map.entry(notIn, " notin ("))) {
                java.util.regex.Matcher matcher = form.getKey().matcher(text);
                Requirement actual = LabelSelector.setRequirement(text, form.getValue(), Operator.IN);
                if (matcher.matches()) {
                    assertNotNull(actual, text);
                    assertEquals(matcher.group(1), actual.key(), text);
                    assertEquals(List.copyOf(RubyText.split(matcher.group(2), ",")), actual.values(), text);
                } else {
                    assertNull(actual, text);
                }
            }
        }
    }
}
