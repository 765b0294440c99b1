package io.quotegate.provider;

import java.math.BigDecimal;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one JSON reader of provider bodies, and tolerant reading of their values: numbers may come as
 * JSON numbers or as strings.
 */
public final class JsonValues {

    /**
     * Floats are read as BigDecimal, so prices and rates keep exactly the digits the provider sent;
     * anything after the first value fails the read, so a body is complete JSON or not JSON.
     */
    private static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private JsonValues() {}

    /** The body as a tree, or empty when it is not complete, well-formed JSON. */
    public static Optional<JsonNode> read(String body) {
        if (body.isBlank()) {
            return Optional.empty();
        }
        try {
            JsonNode root = MAPPER.readTree(body);
            return root == null || root.isMissingNode() ? Optional.empty() : Optional.of(root);
        } catch (JacksonException e) {
            return Optional.empty();
        }
    }

    /** The body as a JSON object or array, or null when it is empty, truncated, not JSON or a bare scalar. */
    public static @Nullable JsonNode container(String body) {
        return read(body).filter(JsonNode::isContainer).orElse(null);
    }

    /**
     * The body as a tree, for adapters that report why it could not be read.
     *
     * @throws JacksonException when the body is not complete, well-formed JSON
     */
    public static JsonNode parse(String body) throws JacksonException {
        return MAPPER.readTree(body);
    }

    /** A number given as a JSON number or a numeric string; null when absent, null or unreadable. */
    public static @Nullable BigDecimal decimal(@Nullable JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        if (node.isNumber()) {
            return node.decimalValue();
        }
        if (node.isString()) {
            String text = node.stringValue().trim();
            try {
                return text.isEmpty() ? null : new BigDecimal(text);
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }

    /** A scalar as text; null when absent, null or a container. */
    public static @Nullable String text(@Nullable JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode() || node.isContainer()) {
            return null;
        }
        String text = node.asString().trim();
        return text.isEmpty() ? null : text;
    }
}
