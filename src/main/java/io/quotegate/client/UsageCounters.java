package io.quotegate.client;

import java.time.YearMonth;
import reactor.core.publisher.Mono;

/** Messages and bytes served per client and billing month (UTC calendar month). */
interface UsageCounters {

    /** Adds to the client's month and answers the totals after the addition. */
    Mono<MonthlyUsage> add(Client client, YearMonth month, long messages, long bytes);

    Mono<MonthlyUsage> read(Client client, YearMonth month);
}
