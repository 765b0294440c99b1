package io.quotegate.config;

/** A configuration value that cannot work, with the key that holds it. Fails the start. */
public final class InvalidConfigurationException extends IllegalStateException {

    private final String key;

    public InvalidConfigurationException(String key, String problem) {
        super(key + ": " + problem);
        this.key = key;
    }

    public String key() {
        return key;
    }
}
