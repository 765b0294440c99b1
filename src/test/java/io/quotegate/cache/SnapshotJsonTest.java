package io.quotegate.cache;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quotegate.testing.MutableClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class SnapshotJsonTest {

    private static final Instant T0 = Instant.parse("2024-03-05T10:00:05Z");

    private final JsonMapper json = JsonMapper.builder().build();
    private final MutableClock clock = new MutableClock(T0);
    private final CaffeineSnapshotStore store =
            new CaffeineSnapshotStore(Map.of("fx", Duration.ofMinutes(30)), clock, json, new SimpleMeterRegistry());

    @Test
    void theJsonHasTheContractFieldsInContractOrder() {
        store.put(Snapshots.fx(42, T0));

        JsonNode body = parse(store.read("fx").orElseThrow().json());

        assertThat(fieldNames(body))
                .as("no nextRefreshAt: what changes every slot is no part of a version")
                .containsExactly("feed", "version", "asOf", "stale", "marketOpen", "source", "data");
        assertThat(body.get("feed").asString()).isEqualTo("fx");
        assertThat(body.get("version").asLong()).isEqualTo(42);
        assertThat(Instant.parse(body.get("asOf").asString())).isEqualTo(T0);
        assertThat(body.get("stale").asBoolean()).isFalse();
        assertThat(body.get("source").asString()).isEqualTo("demo");
    }

    @Test
    void eachQuoteHasTheContractFields() {
        store.put(Snapshots.fx(1, T0));

        JsonNode data = parse(store.read("fx").orElseThrow().json()).get("data");

        assertThat(data.isArray()).isTrue();
        assertThat(data.size()).isEqualTo(2);
        JsonNode eur = data.get(0);
        assertThat(fieldNames(eur))
                .contains("symbol", "price", "change", "changePercent", "asOf", "source", "stale", "marketOpen");
        assertThat(eur.get("symbol").asString()).isEqualTo("EUR/USD");
        assertThat(eur.get("price").isNumber()).isTrue();
        assertThat(eur.get("price").decimalValue()).isEqualByComparingTo("1.08321");
        assertThat(eur.get("change").decimalValue()).isEqualByComparingTo("0.00121");
        assertThat(eur.get("changePercent").decimalValue()).isEqualByComparingTo("0.1118");
        assertThat(Instant.parse(eur.get("asOf").asString())).isEqualTo(T0);
        assertThat(eur.get("source").asString()).isEqualTo("demo");
        assertThat(eur.get("stale").asBoolean()).isFalse();
        assertThat(data.get(1).get("symbol").asString()).isEqualTo("USD/JPY");
    }

    @Test
    void theStaleJsonSaysStaleAtTheTopAndOnEveryQuote() {
        store.put(Snapshots.fx(5, T0));
        clock.advance(Duration.ofMinutes(31));

        JsonNode body = parse(store.read("fx").orElseThrow().json());

        assertThat(body.get("version").asLong()).isEqualTo(5);
        assertThat(body.get("stale").asBoolean()).isTrue();
        List<Boolean> quoteStale = new ArrayList<>();
        body.get("data").forEach(q -> quoteStale.add(q.get("stale").asBoolean()));
        assertThat(quoteStale).containsExactly(true, true);
    }

    @Test
    void theJsonIsOneLineSoItFitsOneSseDataField() {
        String text = new String(store.put(Snapshots.fx(1, T0)).json(), StandardCharsets.UTF_8);

        assertThat(text).doesNotContain("\n").doesNotContain("\r");
    }

    private JsonNode parse(byte[] bytes) {
        return json.readTree(bytes);
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.propertyNames().forEach(names::add);
        return names;
    }
}
