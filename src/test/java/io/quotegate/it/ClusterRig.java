package io.quotegate.it;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** What the cluster tests share: the live profile on the fakes behind a proxy, and which feed a fake's call served. */
final class ClusterRig {

    private ClusterRig() {}

    /** A slot's claim in Redis: its key, feed and instant. */
    record Claimed(String key, String feed, Instant slot) {}

    /** The port the fakes listen on. */
    static int fakePort(FakeUpstream fake) {
        return java.net.URI.create(fake.baseUrl("x")).getPort();
    }

    /** The live profile on the fakes of {@code fake}, reached through {@code network}. */
    static Map<String, Object> live(FakeUpstream fake, TcpProxy network) {
        Map<String, Object> live = new java.util.LinkedHashMap<>();
        live.put("spring.profiles.active", "live");
        live.put("quotegate.schedule.unit", "seconds");
        live.put("quotegate.stream.heartbeat", "1s");
        for (String p : LiveProviders.HTTP_PROVIDERS) {
            live.put(
                    "quotegate.providers." + p + ".base-url",
                    fake.baseUrl(p).replace(":" + fakePort(fake) + "/", ":" + network.port() + "/"));
        }
        live.put("quotegate.providers.twelvedata.api-key", FakeUpstream.TD_KEY);
        live.put("quotegate.providers.marketstack.api-key", FakeUpstream.MS_KEY);
        live.put("quotegate.providers.coingecko.api-key", FakeUpstream.CG_KEY);
        return live;
    }

    /** The feed a fake's call was made for, from its provider and symbols. */
    static String feedOf(FakeUpstream.Call call) {
        return call.provider().equals("marketstack") ? "indices" : feedOfSymbols(call.symbols());
    }

    static String feedOfSymbols(List<String> symbols) {
        String all = String.join(",", symbols);
        if (all.contains("BTC")) {
            return "crypto";
        }
        if (all.contains("XAU") || all.contains("WTI")) {
            return "commodities";
        }
        return "fx";
    }
}
