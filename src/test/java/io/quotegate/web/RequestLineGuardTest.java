package io.quotegate.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.net.URI;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The shortcut that skips parsing a plain request line must never skip one java.net.URI rejects. */
class RequestLineGuardTest {

    @Test
    void plainRequestLinesAreRecognisedAndOthersAreParsed() {
        assertThat(RequestLineGuard.plain("/fx")).isTrue();
        assertThat(RequestLineGuard.plain("/fx?symbols=EUR/USD,GBP/USD&api_key=a-b_c~1"))
                .isTrue();
        assertThat(RequestLineGuard.plain("/fx?symbols=EUR%2FUSD"))
                .as("escapes are parsed")
                .isFalse();
        assertThat(RequestLineGuard.plain("/fx?symbols=%zz")).isFalse();
        assertThat(RequestLineGuard.plain("/a b")).isFalse();
        assertThat(RequestLineGuard.plain("/[x]")).isFalse();
        assertThat(RequestLineGuard.plain("/x#y#z")).isFalse();
        assertThat(RequestLineGuard.plain("/é")).isFalse();
        assertThat(RequestLineGuard.plain("*")).isFalse();
        assertThat(RequestLineGuard.plain("//x"))
                .as("an authority to java.net.URI")
                .isFalse();
        assertThat(RequestLineGuard.plain("")).isFalse();
    }

    @Test
    void everyPlainRequestLineIsOneJavaNetUriAccepts() {
        String alphabet = "azAZ09-._~!$&'()*+,;=:@/?";
        Random random = new Random(42);
        for (int n = 0; n < 20_000; n++) {
            StringBuilder uri = new StringBuilder("/");
            int length = random.nextInt(12);
            for (int i = 0; i < length; i++) {
                uri.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            String u = uri.toString();
            if (!RequestLineGuard.plain(u)) {
                assertThat(u).startsWith("//");
                continue;
            }
            assertThatCode(() -> new URI(u)).as(u).doesNotThrowAnyException();
        }
    }
}
