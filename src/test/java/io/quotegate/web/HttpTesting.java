package io.quotegate.web;

import java.util.List;

/** {@code quotegate.http.*} for tests: the CORS origins, no admin token. */
final class HttpTesting {

    static HttpProperties properties(List<String> corsOrigins) {
        return new HttpProperties(
                new HttpProperties.Http(new HttpProperties.Cors(corsOrigins)), new HttpProperties.Admin(null));
    }

    private HttpTesting() {}
}
