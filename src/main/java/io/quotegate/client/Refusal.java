package io.quotegate.client;

import org.jspecify.annotations.Nullable;

/**
 * Why a request is not served: 401 (no or unknown key) or 429 (a limit), with a stable error code,
 * a sentence naming the limit, its size and when it resets, and the seconds to wait.
 */
public record Refusal(
        int status,
        String code,
        String message,
        long retryAfterSeconds,
        @Nullable Limit limit) {}
