package io.quotegate.provider.marketstack;

import java.math.BigDecimal;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Tolerant JSON reading for Marketstack bodies: numbers may come as JSON numbers or strings. */
final class MarketstackJson {

    /** Floats are read as BigDecimal so prices keep exactly the digits Marketstack sent. */
    private static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();

    private MarketstackJson() {
    }

    /** The body as a tree, or empty when it is not complete, well-formed JSON. */
    static Optional<JsonNode> read(String body) {
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

    /** A number given as a JSON number or a numeric string; null when absent, null or unreadable. */
    static @Nullable BigDecimal decimal(@Nullable JsonNode node) {
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

    /** A scalar as text (strings and numbers alike); null when absent, null or a container. */
    static @Nullable String text(@Nullable JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode() || node.isContainer()) {
            return null;
        }
        String text = node.asString().trim();
        return text.isEmpty() ? null : text;
    }
}
