package io.quotegate.it;

import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.util.FileSystemUtils;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Headless Chromium for the browser tests, driven over the DevTools protocol (a WebSocket from the JDK's
 * HttpClient, no extra dependency): one browser with its own temporary profile, and tabs opened in it.
 */
final class Chromium implements AutoCloseable {

    static final Path BINARY = Path.of("/usr/bin/chromium");

    private final Path profile;
    private final Process process;
    private final int port;
    private final DevTools browser;

    private Chromium(Path profile, Process process, int port, DevTools browser) {
        this.profile = profile;
        this.process = process;
        this.port = port;
        this.browser = browser;
    }

    static boolean installed() {
        return Files.isExecutable(BINARY);
    }

    static Chromium start() throws Exception {
        Path profile = Files.createTempDirectory("quotegate-chromium");
        Process process = new ProcessBuilder(
                        BINARY.toString(),
                        "--headless",
                        "--no-sandbox",
                        "--disable-gpu",
                        "--disable-quic",
                        "--no-first-run",
                        "--disable-background-networking",
                        "--disable-component-update",
                        "--disable-sync",
                        "--disable-extensions",
                        "--disable-background-timer-throttling",
                        "--disable-renderer-backgrounding",
                        "--disable-backgrounding-occluded-windows",
                        "--hide-scrollbars",
                        "--window-size=1400,1000",
                        "--user-data-dir=" + profile,
                        "--remote-debugging-port=0",
                        "about:blank")
                .redirectErrorStream(true)
                .redirectOutput(profile.resolve("chromium.log").toFile())
                .start();
        // With port 0 Chromium picks one and writes it (and the browser target's path) to DevToolsActivePort.
        Path active = profile.resolve("DevToolsActivePort");
        await().atMost(Duration.ofSeconds(30))
                .until(() -> Files.exists(active) && Files.readAllLines(active).size() >= 2);
        var lines = Files.readAllLines(active);
        int port = Integer.parseInt(lines.get(0).trim());
        DevTools browser = DevTools.connect(
                URI.create("ws://127.0.0.1:" + port + lines.get(1).trim()));
        return new Chromium(profile, process, port, browser);
    }

    /** A new tab on {@code url}, with the page and runtime domains on. */
    DevTools open(String url) throws Exception {
        String target = browser.call("Target.createTarget", Map.of("url", url))
                .get("targetId")
                .asString();
        DevTools tab = DevTools.connect(URI.create("ws://127.0.0.1:" + port + "/devtools/page/" + target));
        tab.targetId = target;
        tab.call("Page.enable", Map.of());
        tab.call("Runtime.enable", Map.of());
        return tab;
    }

    /** Closes a tab as a user would (its pagehide and unload run). */
    void close(DevTools tab) throws Exception {
        browser.call("Target.closeTarget", Map.of("targetId", tab.targetId));
        tab.close();
    }

    @Override
    public void close() throws Exception {
        browser.close();
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
        try {
            FileSystemUtils.deleteRecursively(profile);
        } catch (java.io.IOException e) {
            // Chromium's helper processes may still be writing the temporary profile; it is only a temp dir.
            profile.toFile().deleteOnExit();
        }
    }

    /** A minimal Chrome DevTools protocol client: numbered calls, answers matched by id. */
    static final class DevTools implements WebSocket.Listener {

        private final AtomicInteger ids = new AtomicInteger();
        private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
        private final StringBuilder partial = new StringBuilder();
        private WebSocket socket;
        String targetId;

        static DevTools connect(URI uri) {
            DevTools d = new DevTools();
            d.socket = HttpClient.newHttpClient()
                    .newWebSocketBuilder()
                    .connectTimeout(Duration.ofSeconds(10))
                    .buildAsync(uri, d)
                    .join();
            return d;
        }

        JsonNode call(String method, Map<String, Object> params) throws Exception {
            int id = ids.incrementAndGet();
            CompletableFuture<JsonNode> answer = new CompletableFuture<>();
            pending.put(id, answer);
            ObjectNode msg = Http.JSON.createObjectNode();
            msg.put("id", id);
            msg.put("method", method);
            msg.set("params", Http.JSON.valueToTree(params));
            socket.sendText(Http.JSON.writeValueAsString(msg), true).join();
            JsonNode reply = answer.get(30, TimeUnit.SECONDS);
            if (reply.has("error")) {
                throw new AssertionError(method + ": " + reply.get("error"));
            }
            return reply.get("result");
        }

        /** Evaluates a JavaScript expression in the page; its value (strings, numbers, booleans). */
        JsonNode evaluate(String expression) throws Exception {
            JsonNode result = call("Runtime.evaluate", Map.of("expression", expression, "returnByValue", true));
            if (result.has("exceptionDetails")) {
                throw new AssertionError("page script failed: " + result.get("exceptionDetails"));
            }
            return result.get("result").path("value");
        }

        /** A PNG of the page. */
        byte[] screenshot() throws Exception {
            JsonNode shot = call("Page.captureScreenshot", Map.of("format", "png", "captureBeyondViewport", true));
            return Base64.getDecoder().decode(shot.get("data").asString());
        }

        void close() {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "done")
                    .orTimeout(5, TimeUnit.SECONDS)
                    .exceptionally(e -> null)
                    .join();
        }

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                JsonNode msg = Http.parse(partial.toString());
                partial.setLength(0);
                if (msg.has("id")) {
                    CompletableFuture<JsonNode> f = pending.remove(msg.get("id").asInt());
                    if (f != null) {
                        f.complete(msg);
                    }
                }
            }
            ws.request(1);
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            pending.values().forEach(f -> f.completeExceptionally(error));
        }
    }
}
