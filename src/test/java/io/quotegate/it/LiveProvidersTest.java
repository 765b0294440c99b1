package io.quotegate.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.FileSystemResource;

/** The live profile's ITs reach no real provider: every provider with a base URL there is pointed at the fake. */
class LiveProvidersTest {

    @Test
    void everyProviderWithABaseUrlInTheLiveProfileIsPointedAtTheFake() throws IOException {
        List<PropertySource<?>> live = new YamlPropertySourceLoader()
                .load("live", new FileSystemResource(Path.of("config", "application-live.yml")));
        Set<String> withBaseUrl = new LinkedHashSet<>();
        for (PropertySource<?> source : live) {
            for (String name : ((EnumerablePropertySource<?>) source).getPropertyNames()) {
                if (name.startsWith("quotegate.providers.") && name.endsWith(".base-url")) {
                    withBaseUrl.add(name.split("\\.")[2]);
                }
            }
        }

        assertThat(withBaseUrl).isNotEmpty();
        assertThat(LiveProviders.HTTP_PROVIDERS).containsAll(withBaseUrl);
    }
}
