package io.quotegate.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.ResponseEntity;

/** With quotegate.admin.token set, the public port serves /trace, /budget and the actuator to that bearer token only. */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "quotegate.markets.always-open=true", // a model weekend in seconds mode must not pause the pipeline
            "management.server.port=",
            "quotegate.admin.token=s3cret-admin-token",
            "quotegate.schedule.unit=seconds",
            "quotegate.schedule.enabled=false",
            "quotegate.data-dir=${java.io.tmpdir}/quotegate-it/${random.uuid}"
        })
class AdminTokenIT {

    @LocalServerPort
    int port;

    @Test
    void adminPathsNeedTheToken() {
        Http http = new Http(port);
        for (String path : new String[] {"/trace", "/budget", "/actuator/prometheus"}) {
            ResponseEntity<String> none = http.get(path);
            assertThat(none.getStatusCode().value()).as(path).isEqualTo(401);
            assertThat(Http.parse(none.getBody()).get("error").asString()).isEqualTo("unauthorized");
            assertThat(Http.header(none, "WWW-Authenticate")).startsWith("Bearer");
            assertThat(none.getBody()).doesNotContain("s3cret");

            ResponseEntity<String> wrong = http.get(path, Map.of("Authorization", "Bearer nope"));
            assertThat(wrong.getStatusCode().value()).as(path).isEqualTo(401);

            ResponseEntity<String> right = http.get(path, Map.of("Authorization", "Bearer s3cret-admin-token"));
            assertThat(right.getStatusCode().value()).as(path).isEqualTo(200);
        }
    }

    @Test
    void healthAndFeedsNeedNoToken() {
        Http http = new Http(port);
        assertThat(http.get("/actuator/health/liveness").getStatusCode().value())
                .isEqualTo(200);
        assertThat(http.get("/livez").getStatusCode().value()).isEqualTo(200);
        assertThat(http.get("/fx").getStatusCode().value()).isIn(200, 503);
    }
}
