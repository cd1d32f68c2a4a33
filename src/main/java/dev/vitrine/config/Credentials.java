package dev.vitrine.config;

import java.util.Objects;

/**
 * An access key and its secret. {@link #toString()} never shows the secret, so a record printed
 * into a log or an exception message stays safe.
 */
public record Credentials(String accessKey, String secretKey) {
    public Credentials {
        Objects.requireNonNull(accessKey, "accessKey");
        Objects.requireNonNull(secretKey, "secretKey");
    }

    @Override
    public String toString() {
        return "Credentials[accessKey=" + accessKey + ", secretKey=***]";
    }
}
