package io.cfdeploy.web;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.std.JsonNodeDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import io.cfdeploy.error.CfError;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.Map;

/**
 * Request bodies are one JSON document: {@code {"name":"x"} trailing} is a parse error (400
 * CF-MessageParseError), not an organization named "x" with the rest ignored. And no string in them, key or
 * value, may hold U+0000: PostgreSQL cannot store it (in text or jsonb), so it is refused up front with a 422
 * naming the field rather than failing in the database.
 */
@Singleton
public class StrictJson implements ObjectMapperCustomizer {
    @Override
    public void customize(ObjectMapper mapper) {
        mapper.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        SimpleModule module = new SimpleModule("cfdeploy-strict-json");
        module.addDeserializer(JsonNode.class, new NulFreeTree());
        mapper.registerModule(module);
    }

    /** Jackson's own tree reader, then one walk over the tree. */
    static final class NulFreeTree extends JsonDeserializer<JsonNode> {
        @SuppressWarnings("unchecked")
        /** Longest field path a refusal shows: a key may be up to a MiB long. */
        static final int MAX_PATH_SHOWN = 256;
        private static final JsonDeserializer<JsonNode> TREE =
                (JsonDeserializer<JsonNode>) JsonNodeDeserializer.getDeserializer(JsonNode.class);

        @Override
        public JsonNode deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            JsonNode tree = TREE.deserialize(parser, context);
            rejectNul(tree);
            return tree;
        }

        @Override
        public JsonNode getNullValue(DeserializationContext context)
                throws com.fasterxml.jackson.databind.JsonMappingException {
            return TREE.getNullValue(context);
        }

        /**
         * Refuses a NUL anywhere in the tree. The path to the current node is kept as a stack of parts and turned
         * into text only when refusing: building it per node is quadratic on long keys over large arrays.
         */
        static void rejectNul(JsonNode tree) {
            rejectNul(tree, new ArrayDeque<>());
        }

        private static void rejectNul(JsonNode node, Deque<Object> path) {
            if (node.isTextual()) {
                if (node.textValue().indexOf('\0') >= 0) {
                    throw refused(path);
                }
            } else if (node.isObject()) {
                for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
                    Map.Entry<String, JsonNode> field = fields.next();
                    path.addLast(field.getKey());
                    if (field.getKey().indexOf('\0') >= 0) {
                        throw refused(path);
                    }
                    rejectNul(field.getValue(), path);
                    path.removeLast();
                }
            } else if (node.isArray()) {
                for (int index = 0; index < node.size(); index++) {
                    path.addLast(index);
                    rejectNul(node.get(index), path);
                    path.removeLast();
                }
            }
        }

        /** The field as {@code a.b[2].c}, cut to {@value #MAX_PATH_SHOWN} characters. */
        static String pathText(Deque<Object> path) {
            StringBuilder text = new StringBuilder();
            for (Object part : path) {
                if (part instanceof Integer index) {
                    text.append('[').append(index).append(']');
                } else {
                    if (!text.isEmpty()) {
                        text.append('.');
                    }
                    text.append(part);
                }
                if (text.length() > MAX_PATH_SHOWN) {
                    break;
                }
            }
            String field = text.length() > MAX_PATH_SHOWN ? text.substring(0, MAX_PATH_SHOWN) + "..." : text.toString();
            return field.replace("\0", "\\u0000");
        }

        private static RuntimeException refused(Deque<Object> path) {
            return CfError.UNPROCESSABLE_ENTITY.exception(
                    "'" + pathText(path) + "' must not contain the NUL character (\\u0000)");
        }
    }
}
