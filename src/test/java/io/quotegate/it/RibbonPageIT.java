package io.quotegate.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * The ribbon page at {@code /} in a real browser (headless Chromium over the DevTools protocol): one
 * ribbon per configured feed (as {@code /feeds} lists them, none named by the page), filled from the
 * combined stream; a price changes after an {@code update} event; stale and closed markers; and
 * target/ribbon.png for people.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "quotegate.markets.always-open=true", // a model weekend in seconds mode must not pause the pipeline
            "quotegate.schedule.unit=seconds",
            "quotegate.data-dir=${java.io.tmpdir}/quotegate-it/${random.uuid}"
        })
class RibbonPageIT {

    static final Duration PATIENCE = Duration.ofSeconds(90);
    static final Path SCREENSHOT = Path.of("target", "ribbon.png");

    /** What the page shows, per ribbon: state, version, updates received, quote count, prices as rendered. */
    static final String READ_RIBBONS = """
            JSON.stringify([...document.querySelectorAll('.ribbon')].map(r => ({
              feed: r.dataset.feed,
              state: r.dataset.state,
              version: Number(r.dataset.version || 0),
              updates: Number(r.dataset.updates || 0),
              quotes: r.querySelectorAll('.quote').length,
              priced: [...r.querySelectorAll('.quote .price')].filter(p => /[0-9]/.test(p.textContent)).length,
              aged: [...r.querySelectorAll('.quote .age')].filter(a => /old$/.test(a.textContent)).length,
              prices: [...r.querySelectorAll('.quote .price')].map(p => p.textContent).join('|'),
              meta: r.querySelector('.meta').textContent
            })))""";

    @LocalServerPort
    int port;

    Chromium chromium;
    Chromium.DevTools page;

    /** Symbols per feed, as the service lists them. */
    static Map<String, Integer> symbols(int port) {
        Map<String, Integer> m = new HashMap<>();
        new Http(port)
                .json("/feeds")
                .get("feeds")
                .forEach(f -> m.put(f.get("name").asString(), f.get("symbols").size()));
        return m;
    }

    @BeforeEach
    void openThePage() throws Exception {
        assumeTrue(
                Chromium.installed(),
                "/usr/bin/chromium is not installed (Debian package chromium): skipped; CI installs it");
        chromium = Chromium.start();
        page = chromium.open("http://localhost:" + port + "/");
    }

    @AfterEach
    void close() throws Exception {
        if (chromium != null) {
            chromium.close();
        }
    }

    /** Every ribbon of {@code symbols} live in the tab, with all its symbols priced and aged and a next refresh. */
    static JsonNode allLive(Chromium.DevTools tab, Map<String, Integer> symbols) throws Exception {
        JsonNode ribbons = Http.parse(tab.evaluate(READ_RIBBONS).asString());
        assertThat(ribbons.size()).isEqualTo(symbols.size());
        for (JsonNode r : ribbons) {
            String feed = r.get("feed").asString();
            assertThat(symbols).containsKey(feed);
            assertThat(r.get("state").asString()).as(feed + " connection").isEqualTo("live");
            assertThat(r.get("version").asLong()).as(feed + " version").isPositive();
            assertThat(r.get("quotes").asInt()).as(feed + " quotes").isEqualTo(symbols.get(feed));
            assertThat(r.get("priced").asInt()).as(feed + " priced").isEqualTo(symbols.get(feed));
            assertThat(r.get("aged").asInt()).as(feed + " ages").isEqualTo(symbols.get(feed));
            assertThat(r.get("meta").asString())
                    .as(feed + " meta")
                    .contains("v" + r.get("version").asLong());
        }
        return ribbons;
    }

    @Test
    void aRibbonPerFeedFillsFromTheStreamAndAPriceChangesOnUpdate() throws Exception {
        Map<String, Integer> symbols = symbols(port);
        assertThat(symbols).containsKeys("fx", "crypto");

        // 1. Every ribbon live, with all its symbols priced and aged, and the next refresh from Next-Refresh-At.
        JsonNode[] first = new JsonNode[1];
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            first[0] = allLive(page, symbols);
            for (JsonNode r : first[0]) {
                assertThat(r.get("meta").asString()).as("next refresh").containsPattern("next in|refresh due");
            }
        });
        Map<String, JsonNode> before = byFeed(first[0]);

        // 2. An update event arrives on some ribbon and its rendered prices change (seconds mode: a slot every few s).
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            boolean changed = false;
            for (JsonNode r : Http.parse(page.evaluate(READ_RIBBONS).asString())) {
                JsonNode was = before.get(r.get("feed").asString());
                changed |= r.get("updates").asInt() > 0
                        && r.get("version").asLong() > was.get("version").asLong()
                        && !r.get("prices").asString().equals(was.get("prices").asString());
            }
            assertThat(changed)
                    .as("a ribbon showing new prices after an update")
                    .isTrue();
        });

        // 3. A screenshot for people.
        screenshot(SCREENSHOT);

        // 4. Stale and closed markers: an update for indices with marketOpen false and stale quotes, handed to the
        //    page as the shared stream hands it every event.
        JsonNode markers = page.evaluate("""
                (() => {
                  const r = window.quotegate.ribbons.get('indices');
                  const s = r.snapshot;
                  const next = { ...s, version: s.version + 1, stale: true, marketOpen: false,
                                 data: s.data.map((q, i) => ({ ...q, stale: i < 3, marketOpen: false })) };
                  window.quotegate.deliver({ type: 'event', event: 'update', feed: 'indices', data: JSON.stringify(next) });
                  const el = document.querySelector('.ribbon[data-feed="indices"]');
                  return JSON.stringify({
                    feedBadges: [...el.querySelectorAll('header .badge')].map(b => b.textContent),
                    staleQuotes: el.querySelectorAll('.quote.is-stale .badge.stale').length,
                    closedQuotes: el.querySelectorAll('.quote.is-closed .badge.closed').length,
                    fxClosed: document.querySelectorAll('.ribbon[data-feed="fx"] .badge.closed').length
                  });
                })()""");
        JsonNode m = Http.parse(markers.asString());
        assertThat(m.get("feedBadges").toString()).contains("closed").contains("stale");
        assertThat(m.get("staleQuotes").asInt()).isEqualTo(3);
        assertThat(m.get("closedQuotes").asInt()).isEqualTo(symbols.get("indices"));
        assertThat(m.get("fxClosed").asInt())
                .as("fx has no marketOpen=false yet")
                .isZero();
        screenshot(SCREENSHOT.resolveSibling("ribbon-markers.png"));
    }

    void screenshot(Path file) throws Exception {
        byte[] png = page.screenshot();
        Files.createDirectories(file.getParent());
        Files.write(file, png);
        assertThat(png.length).as(file + " size").isGreaterThan(10_000);
    }

    static Map<String, JsonNode> byFeed(JsonNode ribbons) {
        Map<String, JsonNode> m = new HashMap<>();
        ribbons.forEach(r -> m.put(r.get("feed").asString(), r));
        return m;
    }
}
