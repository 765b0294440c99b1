package io.quotegate.web;

import io.quotegate.logging.KeyRedactor;
import java.nio.charset.StandardCharsets;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code /actuator/trace} and {@code /actuator/budget}: the same documents as {@code /trace} and
 * {@code /budget}, served wherever the actuator is (the management port in the shipped configuration).
 */
@Configuration(proxyBeanMethods = false)
class AdminEndpoints {

    @Bean
    TraceEndpoint traceEndpoint(TraceView view, AdminJson json) {
        return new TraceEndpoint(view, json);
    }

    @Bean
    BudgetEndpoint budgetEndpoint(TraceView view, AdminJson json) {
        return new BudgetEndpoint(view, json);
    }

    @Bean
    AdminJson adminJson(JsonMapper json, KeyRedactor redactor) {
        return new AdminJson(json, redactor);
    }

    /** JSON for operators, passed through the key redactor on the way out (invariant 6's last line). */
    record AdminJson(JsonMapper json, KeyRedactor redactor) {
        byte[] render(Object body) {
            return redactor.redact(json.writeValueAsString(body)).getBytes(StandardCharsets.UTF_8);
        }
    }

    @Endpoint(id = "trace")
    record TraceEndpoint(TraceView view, AdminJson json) {
        @ReadOperation(produces = "application/json")
        public byte[] trace() {
            return json.render(view.trace());
        }
    }

    @Endpoint(id = "budget")
    record BudgetEndpoint(TraceView view, AdminJson json) {
        @ReadOperation(produces = "application/json")
        public byte[] budget() {
            return json.render(view.budget());
        }
    }
}
