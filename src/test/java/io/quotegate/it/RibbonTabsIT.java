package io.quotegate.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.quotegate.stream.Broadcaster;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Any number of tabs: ten tabs of the ribbon page in one browser all show every ribbon live, over one
 * connection to the service (a browser allows six HTTP/1.1 connections per host across all its tabs;
 * with one stream per feed a second tab broke). With a SharedWorker, and with the leader tab's relay,
 * whose stream passes to another tab when the leader closes.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "quotegate.markets.always-open=true",
            "quotegate.schedule.unit=seconds",
            "quotegate.data-dir=${java.io.tmpdir}/quotegate-it/${random.uuid}"
        })
class RibbonTabsIT {

    @LocalServerPort
    int port;

    @Autowired
    Broadcaster broadcaster;

    Chromium chromium;
    Map<String, Integer> symbols;

    @BeforeEach
    void browser() throws Exception {
        assumeTrue(
                Chromium.installed(),
                "/usr/bin/chromium is not installed (Debian package chromium): skipped; CI installs it");
        chromium = Chromium.start();
        symbols = RibbonPageIT.symbols(port);
    }

    @AfterEach
    void close() throws Exception {
        if (chromium != null) {
            chromium.close();
        }
    }

    /** How many SSE connections the service holds for {@code feed}. */
    private int connections() {
        return symbols.keySet().stream()
                .mapToInt(broadcaster::subscribers)
                .max()
                .orElse(0);
    }

    private List<Chromium.DevTools> open(int tabs, String query) throws Exception {
        List<Chromium.DevTools> opened = new ArrayList<>();
        for (int i = 0; i < tabs; i++) {
            opened.add(chromium.open("http://localhost:" + port + "/" + query));
        }
        return opened;
    }

    private void everyRibbonLiveInEveryTab(List<Chromium.DevTools> tabs) {
        await().atMost(RibbonPageIT.PATIENCE)
                .pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> {
                    for (Chromium.DevTools tab : tabs) {
                        RibbonPageIT.allLive(tab, symbols);
                    }
                });
    }

    @Test
    void tenTabsShowEveryRibbonLiveOverOneSharedWorkerConnection() throws Exception {
        List<Chromium.DevTools> tabs = open(10, "");
        everyRibbonLiveInEveryTab(tabs);
        for (Chromium.DevTools tab : tabs) {
            assertThat(tab.evaluate("window.quotegate.shared.mode").asString()).isEqualTo("worker");
        }
        assertThat(connections()).as("one stream for the whole browser").isEqualTo(1);
        long version = tabs.get(9)
                .evaluate("Number(document.querySelector('.ribbon[data-feed=\"fx\"]').dataset.version)")
                .asLong();
        await().atMost(RibbonPageIT.PATIENCE)
                .untilAsserted(() -> assertThat(tabs.get(0)
                                .evaluate("Number(document.querySelector('.ribbon[data-feed=\"fx\"]').dataset.updates)")
                                .asInt())
                        .as("updates keep arriving in the first tab")
                        .isPositive());
        assertThat(version).isPositive();
    }

    @Test
    void withoutASharedWorkerTheLeaderTabRelaysAndHandsOverWhenItCloses() throws Exception {
        List<Chromium.DevTools> tabs = open(3, "?share=leader");
        everyRibbonLiveInEveryTab(tabs);
        assertThat(connections()).as("one stream, the leader's").isEqualTo(1);
        Chromium.DevTools leader = null;
        for (Chromium.DevTools tab : tabs) {
            if (tab.evaluate("window.quotegate.shared.role").asString().equals("leader")) {
                leader = tab;
            }
        }
        assertThat(leader).as("one tab leads").isNotNull();
        chromium.close(leader);
        List<Chromium.DevTools> rest = new ArrayList<>(tabs);
        rest.remove(leader);
        await().atMost(RibbonPageIT.PATIENCE).untilAsserted(() -> {
            long leaders = 0;
            for (Chromium.DevTools tab : rest) {
                leaders +=
                        tab.evaluate("window.quotegate.shared.role").asString().equals("leader") ? 1 : 0;
            }
            assertThat(leaders).as("another tab took the lead").isEqualTo(1);
            assertThat(connections()).as("its stream replaced the closed tab's").isEqualTo(1);
        });
        long before = rest.get(0)
                .evaluate("Number(document.querySelector('.ribbon[data-feed=\"fx\"]').dataset.version)")
                .asLong();
        await().atMost(RibbonPageIT.PATIENCE).untilAsserted(() -> {
            for (Chromium.DevTools tab : rest) {
                assertThat(tab.evaluate("Number(document.querySelector('.ribbon[data-feed=\"fx\"]').dataset.version)")
                                .asLong())
                        .as("new versions after the hand-over")
                        .isGreaterThan(before);
            }
        });
        everyRibbonLiveInEveryTab(rest);
    }
}
