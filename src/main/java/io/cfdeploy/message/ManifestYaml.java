package io.cfdeploy.message;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cfdeploy.error.CfError;
import io.cfdeploy.error.CfException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Reads a manifest as CAPI does (YAML 1.1, so {@code yes}/{@code on} are booleans), hostile until read: the safe
 * constructor builds plain maps, lists and scalars only; aliases, nesting and size are bounded, so an alias bomb or a
 * deeply nested document is refused before it costs memory; duplicate keys are refused.
 */
public final class ManifestYaml {
    static final int MAX_ALIASES = 20;
    static final int MAX_NESTING = 50;
    static final int MAX_CODE_POINTS = 1_000_000;
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final ObjectMapper DATES = new ObjectMapper();

    private ManifestYaml() {
    }

    /** The document as a JSON tree; 400 CF-MessageParseError when it is not YAML this server will read. */
    public static JsonNode read(String text) {
        LoaderOptions options = new LoaderOptions();
        options.setMaxAliasesForCollections(MAX_ALIASES);
        options.setNestingDepthLimit(MAX_NESTING);
        options.setCodePointLimit(MAX_CODE_POINTS);
        options.setAllowDuplicateKeys(false);
        options.setAllowRecursiveKeys(false);
        Object document;
        try {
            List<Object> documents = new java.util.ArrayList<>();
            new Yaml(new SafeConstructor(options)).loadAll(text).forEach(documents::add);
            if (documents.size() != 1) {
                throw parseError(documents.isEmpty() ? "the manifest is empty"
                        : "the manifest holds more than one YAML document");
            }
            document = documents.get(0);
        } catch (YAMLException | IllegalArgumentException | ClassCastException | StackOverflowError unreadable) {
            throw parseError(reason(unreadable));
        }
        return tree(document, 0);
    }

    private static String reason(Throwable unreadable) {
        String message = unreadable.getMessage() == null ? "" : unreadable.getMessage();
        if (message.contains("aliases")) {
            return "the manifest uses more than " + MAX_ALIASES + " aliases to collections";
        }
        if (message.contains("Nesting Depth")) {
            return "the manifest nests deeper than " + MAX_NESTING + " levels";
        }
        if (message.contains("code points")) {
            return "the manifest is longer than " + MAX_CODE_POINTS + " characters";
        }
        if (message.contains("duplicate key")) {
            return "the manifest repeats a key in one mapping";
        }
        return "invalid YAML";
    }

    private static CfException parseError(String why) {
        return CfError.MESSAGE_PARSE_ERROR.exception(why);
    }

    private static JsonNode tree(Object value, int depth) {
        if (depth > MAX_NESTING) {
            throw parseError("the manifest nests deeper than " + MAX_NESTING + " levels");
        }
        if (value == null) {
            return NODES.nullNode();
        }
        if (value instanceof Map<?, ?> map) {
            ObjectNode object = NODES.objectNode();
            map.forEach((key, entry) -> object.set(String.valueOf(key), tree(entry, depth + 1)));
            return object;
        }
        if (value instanceof List<?> list) {
            ArrayNode array = NODES.arrayNode();
            list.forEach(entry -> array.add(tree(entry, depth + 1)));
            return array;
        }
        if (value instanceof String text) {
            return NODES.textNode(text);
        }
        if (value instanceof Boolean flag) {
            return NODES.booleanNode(flag);
        }
        if (value instanceof Integer number) {
            return NODES.numberNode(number);
        }
        if (value instanceof Long number) {
            return NODES.numberNode(number);
        }
        if (value instanceof BigInteger number) {
            return NODES.numberNode(number);
        }
        if (value instanceof Double number) {
            return number.isNaN() || number.isInfinite() ? NODES.textNode(String.valueOf(number))
                    : NODES.numberNode(BigDecimal.valueOf(number));
        }
        if (value instanceof Date date) {
            // a bare date or timestamp: kept as the text a reader would see, not as epoch millis
            return NODES.textNode(DATES.getSerializationConfig().getDateFormat().format(date));
        }
        // byte[] (!!binary), sets (!!set) and the like have no place in a manifest
        return NODES.textNode(String.valueOf(value));
    }
}
