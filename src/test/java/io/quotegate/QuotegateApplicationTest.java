package io.quotegate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The system properties the entry point sets before Spring and Netty start, and that -D still wins. */
class QuotegateApplicationTest {

    private static final List<String> KEYS = List.of(
            QuotegateApplication.SEND_PREFETCH,
            QuotegateApplication.LAST_FLUSH_WHEN_NO_READ,
            QuotegateApplication.NETTY_JFR,
            QuotegateApplication.NETTY_ALLOCATOR,
            QuotegateApplication.NETTY_RECYCLER,
            QuotegateApplication.IO_WORKERS);

    private final Properties before = new Properties();

    @BeforeEach
    void clear() {
        KEYS.forEach(k -> {
            String v = System.getProperty(k);
            if (v != null) {
                before.setProperty(k, v);
            }
            System.clearProperty(k);
        });
    }

    @AfterEach
    void restore() {
        KEYS.forEach(k -> {
            if (before.containsKey(k)) {
                System.setProperty(k, before.getProperty(k));
            } else {
                System.clearProperty(k);
            }
        });
    }

    @Test
    void nettysJfrEventsAreOffUnlessTheCommandLineTurnsThemOn() {
        QuotegateApplication.systemDefaults();
        assertThat(System.getProperty(QuotegateApplication.NETTY_JFR)).isEqualTo("false");

        System.setProperty(QuotegateApplication.NETTY_JFR, "true");
        QuotegateApplication.systemDefaults();
        assertThat(System.getProperty(QuotegateApplication.NETTY_JFR)).isEqualTo("true");
    }

    @Test
    void nettysPooledAllocatorWithoutRecyclersUnlessTheCommandLineChoosesOthers() {
        QuotegateApplication.systemDefaults();
        assertThat(System.getProperty(QuotegateApplication.NETTY_ALLOCATOR)).isEqualTo("pooled");
        assertThat(System.getProperty(QuotegateApplication.NETTY_RECYCLER)).isEqualTo("0");

        System.setProperty(QuotegateApplication.NETTY_ALLOCATOR, "adaptive");
        System.setProperty(QuotegateApplication.NETTY_RECYCLER, "4096");
        QuotegateApplication.systemDefaults();
        assertThat(System.getProperty(QuotegateApplication.NETTY_ALLOCATOR)).isEqualTo("adaptive");
        assertThat(System.getProperty(QuotegateApplication.NETTY_RECYCLER)).isEqualTo("4096");
    }

    @Test
    void oneEventLoopPerCoreUnlessTheCommandLineChoosesAnotherCount() {
        QuotegateApplication.systemDefaults();
        assertThat(System.getProperty(QuotegateApplication.IO_WORKERS))
                .isEqualTo(Integer.toString(Runtime.getRuntime().availableProcessors()));

        System.setProperty(QuotegateApplication.IO_WORKERS, "4");
        QuotegateApplication.systemDefaults();
        assertThat(System.getProperty(QuotegateApplication.IO_WORKERS)).isEqualTo("4");
    }
}
