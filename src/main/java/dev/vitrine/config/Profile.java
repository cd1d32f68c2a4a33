package dev.vitrine.config;

import java.nio.file.Path;

/**
 * A named server. "default" is the user's clearml.conf with the {@code CLEARML_*} environment (the
 * SDK's own configuration); others are clearml.conf-format files under
 * {@code ~/.config/vitrine/profiles/NAME.conf}.
 *
 * @param file the file it is read from; null for an environment-only default profile
 */
public record Profile(String name, Path file) {
    public boolean isDefault() {
        return Profiles.DEFAULT.equals(name);
    }
}
