package io.quotegate.provider;

import java.time.Clock;

/** What a factory gets to build an adapter: its settings, an HTTP client set up for it, and the clock. */
public record ProviderContext(ProviderSettings settings, ProviderHttp http, Clock clock) {}
