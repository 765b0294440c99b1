package io.quotegate.provider.twelvedata;

import static org.assertj.core.api.Assertions.assertThat;

import io.quotegate.logging.KeyRedactor;
import io.quotegate.provider.Credentials;
import io.quotegate.provider.Outcome;
import io.quotegate.provider.ProviderAdapter;
import io.quotegate.provider.ProviderContext;
import io.quotegate.provider.ProviderException;
import io.quotegate.provider.ProviderHttp;
import io.quotegate.provider.ProviderRegistry;
import io.quotegate.provider.ProviderSettings;
import io.quotegate.provider.Secret;
import io.quotegate.provider.TestSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.test.StepVerifier;

/**
 * Issue 20, keys that roll over: the key of a running adapter comes from {@code api-key-file}, and a rotated
 * file is used without a restart, whether the rotation shows in the file's attributes or only in the
 * provider's refusal of the old key. Twelve Data stands for every adapter that reads its key at request time;
 * the adapter comes from the {@link ProviderRegistry}, as in the service.
 */
class RotatedKeyFileTest {

    private static final String FIRST = "td-first-key-000000000001";
    private static final String SECOND = "td-second-key-00000000002";
    private static final String THIRD = "td-third-key-000000000003";
    private static final String QUOTE = "{\"symbol\":\"EUR/USD\",\"close\":\"1.08512\",\"timestamp\":1784505600}";
    private static final String REFUSED =
            "{\"code\":401,\"message\":\"**apikey** parameter is incorrect or not specified.\",\"status\":\"error\"}";

    @TempDir
    Path dir;

    private final TwelveDataFixture upstream = newFixture();
    private final KeyRedactor redactor = new KeyRedactor(List.of());

    private static TwelveDataFixture newFixture() {
        try {
            return new TwelveDataFixture();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterEach
    void stop() {
        upstream.server.close();
    }

    private ProviderAdapter adapter(Path keyFile) {
        String baseUrl = upstream.server.url("/").toString();
        Credentials credentials = new Credentials(
                Secret.file(keyFile, redactor, "quotegate.providers.twelvedata.api-key-file"),
                Secret.none(),
                Secret.none(),
                Secret.none());
        ProviderSettings settings = TestSettings.withCredentials(
                "twelvedata", baseUrl, credentials, 120, Map.of(), TwelveDataFixture.TIMEOUT, Map.of(), 0);
        ProviderHttp http = new ProviderHttp("twelvedata", baseUrl, TwelveDataFixture.TIMEOUT, redactor);
        Clock clock = Clock.fixed(TwelveDataFixture.NOW, ZoneOffset.UTC);
        return ProviderRegistry.build(
                        List.of(settings),
                        Map.of(),
                        List.of(new TwelveDataProviderFactory()),
                        s -> new ProviderContext(s, http, clock))
                .adapter("twelvedata")
                .orElseThrow();
    }

    private String keySent() throws InterruptedException {
        return upstream.takeRequest().getHeaders().get("Authorization");
    }

    @Test
    void aChangedKeyFileIsUsedFromTheNextRequestOn() throws Exception {
        Path file = Files.writeString(dir.resolve("TWELVEDATA_API_KEY"), FIRST + "\n");
        ProviderAdapter adapter = adapter(file);

        upstream.enqueueJson(200, QUOTE);
        TwelveDataFixture.success(adapter.fetch(List.of("EUR/USD")));
        assertThat(keySent()).isEqualTo("apikey " + FIRST);

        Files.writeString(file, SECOND + "\n");
        Files.setLastModifiedTime(
                file, FileTime.fromMillis(Files.getLastModifiedTime(file).toMillis() + 60_000));
        upstream.enqueueJson(200, QUOTE);
        TwelveDataFixture.success(adapter.fetch(List.of("EUR/USD")));

        assertThat(keySent()).as("no restart, no new adapter").isEqualTo("apikey " + SECOND);
    }

    @Test
    void aRotationTheFileDoesNotShowIsReadAfterTheProviderRefusesTheOldKey() throws Exception {
        Path file = Files.writeString(dir.resolve("TWELVEDATA_API_KEY"), FIRST);
        ProviderAdapter adapter = adapter(file);
        upstream.enqueueJson(200, QUOTE);
        TwelveDataFixture.success(adapter.fetch(List.of("EUR/USD")));
        assertThat(keySent()).isEqualTo("apikey " + FIRST);

        // Same size, same modification time, same file: nothing tells the new content but the provider.
        FileTime before = Files.getLastModifiedTime(file);
        Files.writeString(file, THIRD);
        Files.setLastModifiedTime(file, before);
        upstream.enqueueJson(200, REFUSED);
        StepVerifier.create(adapter.fetch(List.of("EUR/USD")))
                .expectErrorSatisfies(
                        e -> assertThat(((ProviderException) e).outcome()).isEqualTo(Outcome.AUTH_FAILED))
                .verify(TwelveDataFixture.WAIT);
        assertThat(keySent()).as("the old key, still believed current").isEqualTo("apikey " + FIRST);

        upstream.enqueueJson(200, QUOTE);
        TwelveDataFixture.success(adapter.fetch(List.of("EUR/USD")));

        assertThat(keySent()).isEqualTo("apikey " + THIRD);
    }

    @Test
    void theCurrentAndEveryPreviousKeyAreRedacted() throws Exception {
        Path file = Files.writeString(dir.resolve("TWELVEDATA_API_KEY"), FIRST);
        ProviderAdapter adapter = adapter(file);
        Files.writeString(file, SECOND + "  ");
        Files.setLastModifiedTime(
                file, FileTime.fromMillis(Files.getLastModifiedTime(file).toMillis() + 60_000));
        upstream.enqueueJson(200, QUOTE);
        TwelveDataFixture.success(adapter.fetch(List.of("EUR/USD")));
        keySent();

        assertThat(redactor.redact("old " + FIRST + " new " + SECOND)).isEqualTo("old *** new ***");
    }
}
