package io.quotegate.config;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Turns a bad configuration value into the short start-up report that names the key. */
class InvalidConfigurationFailureAnalyzer extends AbstractFailureAnalyzer<InvalidConfigurationException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, InvalidConfigurationException cause) {
        return new FailureAnalysis(
                "Invalid Quotegate configuration: " + cause.getMessage(),
                "Fix " + cause.key() + " in config/application.yml, or override it with an environment variable or --"
                        + cause.key() + "=...",
                cause);
    }
}
