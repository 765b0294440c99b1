package io.quotegate.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quotegate.config.InvalidConfigurationException;
import io.quotegate.logging.KeyRedactor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretTest {

    private static final String KEY = "quotegate.providers.capitalcom.password-file";

    @TempDir
    Path dir;

    private final KeyRedactor redactor = new KeyRedactor(List.of());

    @Test
    void theFilesTrimmedContentIsTheValue() throws Exception {
        Path file = Files.writeString(dir.resolve("p"), "  s3cret-value\n");

        assertThat(Secret.file(file, redactor, KEY).value()).isEqualTo("s3cret-value");
    }

    @Test
    void aMissingOrEmptyFileIsNoValue_notAFailure() throws Exception {
        assertThat(Secret.file(dir.resolve("absent"), redactor, KEY).present()).isFalse();
        assertThat(Secret.file(Files.writeString(dir.resolve("empty"), "\n"), redactor, KEY)
                        .present())
                .isFalse();
    }

    @Test
    void aFileThatCannotBeReadFailsTheStartNamingTheKey() throws Exception {
        Path directory = Files.createDirectory(dir.resolve("a-directory"));

        assertThatThrownBy(() -> Secret.file(directory, redactor, KEY))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageStartingWith(KEY);
    }

    @Test
    void aFileRemovedWhileRunningKeepsTheLastValue() throws Exception {
        Path file = Files.writeString(dir.resolve("p"), "first-value");
        Secret secret = Secret.file(file, redactor, KEY);

        Files.delete(file);

        assertThat(secret.value()).isEqualTo("first-value");
    }

    @Test
    void reloadReadsAChangeTheAttributesDoNotShow() throws Exception {
        Path file = Files.writeString(dir.resolve("p"), "value-one");
        Secret secret = Secret.file(file, redactor, KEY);
        FileTime before = Files.getLastModifiedTime(file);
        Files.writeString(file, "value-two");
        Files.setLastModifiedTime(file, before);

        assertThat(secret.value()).as("looks unchanged").isEqualTo("value-one");
        assertThat(secret.reload()).isTrue();
        assertThat(secret.value()).isEqualTo("value-two");
        assertThat(secret.reload()).as("nothing new").isFalse();
    }

    @Test
    void aFixedValueNeverChanges() {
        Secret secret = Secret.of(" fixed-value ");

        assertThat(secret.value()).isEqualTo("fixed-value");
        assertThat(secret.reload()).isFalse();
        assertThat(Secret.of("  ").present()).isFalse();
    }
}
