package io.quotegate.provider.twelvedata;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.stereotype.Component;

class TwelveDataProviderFactoryTest {

    @Test
    void factoryDescribesTheProvider() {
        TwelveDataProviderFactory factory = new TwelveDataProviderFactory();

        assertThat(factory.name()).isEqualTo("twelvedata");
        assertThat(factory.requiresKey()).isTrue();
        assertThat(factory.keyVariable()).isEqualTo("TWELVEDATA_API_KEY");
        assertThat(TwelveDataProviderFactory.class.isAnnotationPresent(Component.class))
                .isTrue();
    }

    @Test
    void adapterIsNamedAfterItsSettings() throws Exception {
        try (TwelveDataFixture td = new TwelveDataFixture()) {
            assertThat(td.adapter().name()).isEqualTo("twelvedata");
        }
    }
}
