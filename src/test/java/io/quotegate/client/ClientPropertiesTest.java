package io.quotegate.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quotegate.config.InvalidConfigurationException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.core.io.FileSystemResource;
import org.springframework.core.io.Resource;

/** quotegate.clients binds with the issue's key names and fails naming the key. */
class ClientPropertiesTest {

    static final String ISSUE_YAML = """
            quotegate:
              clients:
                anonymous-tier: open
                tiers:
                  open:    { requests-per-minute: 120,  max-streams: 2,   messages-per-month: 0,        bytes-per-month: 0 }
                  basic:   { requests-per-minute: 600,  max-streams: 5,   messages-per-month: 10000,    bytes-per-month: 50GB }
                  premium: { requests-per-minute: 1200, max-streams: 20,  messages-per-month: 100000,   bytes-per-month: 50GB }
                keys:
                  - { name: team-a, sha256: "%s", tier: basic }
            """.formatted(ClientDirectory.sha256("k"));

    static ClientProperties bind(String yaml) throws IOException {
        return bind(new ByteArrayResource(yaml.getBytes(StandardCharsets.UTF_8)));
    }

    static ClientProperties bind(Resource resource) throws IOException {
        List<PropertySource<?>> sources = new YamlPropertySourceLoader().load("test", resource);
        return new Binder(ConfigurationPropertySources.from(sources))
                .bindOrCreate("quotegate.clients", Bindable.of(ClientProperties.class));
    }

    @Test
    void theIssuesYamlBinds() throws IOException {
        ClientProperties p = bind(ISSUE_YAML);
        assertThat(p.warnAt()).isEqualTo(0.8);
        assertThat(p.anonymousTier()).isEqualTo("open");
        assertThat(p.tiers().get("basic").bytesPerMonth().toBytes()).isEqualTo(50L * 1024 * 1024 * 1024);
        assertThat(p.tiers().get("premium").requestsPerMinute()).isEqualTo(1200);
        assertThat(p.tiers().get("open").maxStreams()).isEqualTo(2);
        assertThat(p.keys()).singleElement().satisfies(k -> assertThat(k.tier()).isEqualTo("basic"));
        ClientDirectory directory = new ClientDirectory(p);
        assertThat(directory.identify("k", "1.2.3.4").client().name()).isEqualTo("team-a");
    }

    @Test
    void theShippedDefaultIsAnonymousAndUnlimited() throws IOException {
        ClientProperties p = bind(new FileSystemResource(Path.of("config", "application.yml")));
        assertThat(p.anonymousTier()).isEqualTo("open");
        Client anonymous = new ClientDirectory(p).identify(null, "127.0.0.1").client();
        assertThat(anonymous).isNotNull();
        assertThat(anonymous.limited()).as("the open tier limits nothing").isFalse();
        assertThat(p.tiers()).containsKeys("open", "basic", "premium");
    }

    @Test
    void nothingConfiguredMeansAnOpenUnlimitedTier() throws IOException {
        ClientProperties p = bind("quotegate: {}");
        assertThat(new ClientDirectory(p).identify(null, "::1").client().limited())
                .isFalse();
    }

    @Test
    void badValuesFailNamingTheKey() {
        assertThatThrownBy(() -> bind(ISSUE_YAML.replace(ClientDirectory.sha256("k"), "my-plain-key")))
                .satisfies(e -> assertThat(rootKey(e)).isEqualTo("quotegate.clients.keys[0].sha256"));
        assertThatThrownBy(() -> bind(ISSUE_YAML.replace("tier: basic", "tier: gold")))
                .satisfies(e -> assertThat(rootKey(e)).isEqualTo("quotegate.clients.keys[0].tier"));
        assertThatThrownBy(() -> bind(ISSUE_YAML.replace("anonymous-tier: open", "anonymous-tier: free")))
                .satisfies(e -> assertThat(rootKey(e)).isEqualTo("quotegate.clients.anonymous-tier"));
        assertThatThrownBy(() -> bind(ISSUE_YAML.replace("anonymous-tier: open", "warn-at: 1.5")))
                .satisfies(e -> assertThat(rootKey(e)).isEqualTo("quotegate.clients.warn-at"));
        assertThatThrownBy(() -> bind(ISSUE_YAML.replace("max-streams: 5,", "max-streams: -1,")))
                .satisfies(e -> assertThat(rootKey(e)).isEqualTo("quotegate.clients.tiers.basic.max-streams"));
        assertThatThrownBy(() ->
                        bind(ISSUE_YAML.replace("10000,    bytes-per-month: 50GB", "10000,    bytes-per-month: lots")))
                .isInstanceOf(BindException.class)
                .hasMessageContaining("quotegate.clients");
    }

    @Test
    void noneRequiresAKey() throws IOException {
        ClientDirectory d =
                new ClientDirectory(bind(ISSUE_YAML.replace("anonymous-tier: open", "anonymous-tier: none")));
        assertThat(d.identify(null, "1.2.3.4").client()).isNull();
        assertThat(d.identify(null, "1.2.3.4").refusal()).contains("X-API-Key");
        assertThat(d.identify("wrong", "1.2.3.4").refusal()).contains("not known");
    }

    @Test
    void theHashIsWhatSha256sumPrints() {
        // printf %s "demo-key-123" | sha256sum
        assertThat(ClientDirectory.sha256("demo-key-123"))
                .isEqualTo("a52782e3a2d4dd2f95f640b9abfb3b2a6b8e722c65f55be830f6e5f619f7f873");
    }

    private static String rootKey(Throwable e) {
        Throwable t = e;
        while (t != null && !(t instanceof InvalidConfigurationException)) {
            t = t.getCause();
        }
        assertThat(t).as("an InvalidConfigurationException in " + e).isNotNull();
        return ((InvalidConfigurationException) t).key();
    }
}
