package io.quotegate.provider.capitalcom;

import io.quotegate.provider.ProviderAdapter;
import io.quotegate.provider.ProviderContext;
import io.quotegate.provider.ProviderFactory;
import io.quotegate.provider.ProviderSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * The {@code capitalcom} provider: Capital.com's CFD prices for indices, commodities, FX and crypto (bid and
 * offer; the price is their mid). Needs an API key ({@code CAPITALCOM_API_KEY}), the account's login
 * ({@code CAPITALCOM_IDENTIFIER}) and the password ({@code CAPITALCOM_PASSWORD}); without any of them it is
 * disabled, naming what is missing. Each adapter's session is kept alive by a keep-alive that looks every
 * {@link CapitalComSession#TICK}; it stops with the application context.
 */
@Component
class CapitalComProviderFactory implements ProviderFactory, DisposableBean {

    static final String NAME = "capitalcom";

    private final List<Disposable> keepAlives = new CopyOnWriteArrayList<>();

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean requiresKey() {
        return true;
    }

    @Override
    public String keyVariable() {
        return "CAPITALCOM_API_KEY";
    }

    @Override
    public @Nullable String defaultBaseUrl() {
        return "https://api-capital.backend-capital.com";
    }

    @Override
    public @Nullable String missingCredentials(ProviderSettings settings) {
        String key = "quotegate.providers." + settings.name();
        List<String> missing = new ArrayList<>();
        if (!settings.hasApiKey()) {
            missing.add("API key (CAPITALCOM_API_KEY: " + key + ".api-key or .api-key-file)");
        }
        if (blank(settings.identifier())) {
            missing.add("login (CAPITALCOM_IDENTIFIER: " + key + ".identifier)");
        }
        if (blank(settings.password())) {
            missing.add("password (CAPITALCOM_PASSWORD: " + key + ".password or .password-file)");
        }
        return missing.isEmpty() ? null : "no " + String.join(", no ", missing);
    }

    @Override
    public ProviderAdapter create(ProviderContext context) {
        return create(context, Schedulers.parallel(), true);
    }

    /** The adapter, its session timed on {@code scheduler}; its keep-alive started only when {@code keepAlive}. */
    CapitalComAdapter create(ProviderContext context, Scheduler scheduler, boolean keepAlive) {
        ProviderSettings settings = context.settings();
        if (settings.maxBatch() > CapitalComSymbols.MAX_EPICS) {
            // An adapter names no configuration type of ours (ArchitectureTest); the start fails naming the key all the
            // same.
            throw new IllegalArgumentException("quotegate.providers." + settings.name() + ".max-batch: "
                    + settings.maxBatch() + " is over the " + CapitalComSymbols.MAX_EPICS
                    + " epics Capital.com answers in one call");
        }
        CapitalComSession session =
                new CapitalComSession(settings, context.http(), context.clock(), context.sessions(), scheduler);
        if (keepAlive) {
            // A tick that comes while the last look is still waiting for an answer is dropped, not queued.
            keepAlives.add(Flux.interval(CapitalComSession.TICK, scheduler)
                    .onBackpressureDrop()
                    .concatMap(tick -> session.keepAlive(), 1)
                    .subscribe());
        }
        return new CapitalComAdapter(settings, context.http(), context.clock(), session);
    }

    @Override
    public void destroy() {
        keepAlives.forEach(Disposable::dispose);
        keepAlives.clear();
    }

    private static boolean blank(@Nullable String value) {
        return value == null || value.isBlank();
    }
}
