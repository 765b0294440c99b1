package io.quotegate.web;

import io.quotegate.client.Admission;
import io.quotegate.client.RateState;
import io.quotegate.client.Refusal;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BiConsumer;
import org.springframework.http.HttpHeaders;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the client plans add to a response, for the {@link ReadContract} and {@link ClientFilter}: the IETF {@code RateLimit-Policy} /
 * {@code RateLimit} headers (draft-ietf-httpapi-ratelimit-headers) and a refusal as JSON 401/429 with
 * {@code Retry-After}.
 */
final class ClientReplies {

    static final String API_KEY_HEADER = ReadRequest.API_KEY_HEADER;
    /** The policy name of the requests-per-minute limit in the RateLimit headers. */
    static final String POLICY = "\"default\"";

    /** A refused request's answer: its status, headers and JSON body. */
    record Refused(int status, Map<String, String> headers, byte[] body) {}

    /** {@code RateLimit-Policy: "default";q=600;w=60} and {@code RateLimit: "default";r=599;t=42}. */
    static void rateHeaders(BiConsumer<String, String> set, RateState rate, long resetSeconds) {
        set.accept("RateLimit-Policy", POLICY + ";q=" + rate.limit() + ";w=60");
        set.accept("RateLimit", POLICY + ";r=" + rate.remaining() + ";t=" + resetSeconds);
    }

    static Refused refused(Admission admission, JsonMapper json) {
        Refusal refusal = admission.refusal();
        if (refusal == null) {
            throw new IllegalArgumentException("not a refusal: " + admission);
        }
        Map<String, String> headers = new LinkedHashMap<>();
        if (refusal.retryAfterSeconds() > 0) {
            headers.put(HttpHeaders.RETRY_AFTER, Long.toString(refusal.retryAfterSeconds()));
        }
        RateState rate = admission.rate();
        if (rate != null) {
            rateHeaders(headers::put, rate, rate.allowed() ? rate.resetSeconds() : refusal.retryAfterSeconds());
        }
        if (refusal.status() == 401) {
            headers.put(HttpHeaders.WWW_AUTHENTICATE, "ApiKey header=\"" + API_KEY_HEADER + "\"");
        }
        headers.put(HttpHeaders.CONTENT_TYPE, ErrorBody.JSON);
        return new Refused(refusal.status(), headers, ErrorBody.of(json, refusal.code(), refusal.message()));
    }

    private ClientReplies() {}
}
