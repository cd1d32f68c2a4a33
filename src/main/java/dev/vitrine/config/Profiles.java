package dev.vitrine.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The servers a user can switch between: the SDK's configuration as profile {@value #DEFAULT},
 * plus one clearml.conf-compatible file per extra profile in a folder (by default
 * {@code ~/.config/vitrine/profiles}). Stateless; reads the disk on each call.
 */
public final class Profiles {
    public static final String DEFAULT = "default";
    private static final String NAME = "[A-Za-z0-9][A-Za-z0-9._-]{0,63}";

    private final ConfigLoader loader;
    private final Path folder;

    public Profiles(ConfigLoader loader, Path folder) {
        this.loader = loader;
        this.folder = folder;
    }

    /** The folder for the user of {@code loader}: {@code ~/.config/vitrine/profiles}. */
    public static Profiles standard(ConfigLoader loader) {
        return new Profiles(loader, loader.home().resolve(".config").resolve("vitrine").resolve("profiles"));
    }

    public ConfigLoader loader() {
        return loader;
    }

    public Path folder() {
        return folder;
    }

    /** Every profile: "default" first when the SDK configuration exists, then the files by name. */
    public List<Profile> list() {
        List<Profile> out = new ArrayList<>();
        Optional<Path> active = loader.activeConfigFile();
        boolean env = loader.envValue("CLEARML_API_HOST", "TRAINS_API_HOST", "CLEARML_API_ACCESS_KEY", "CLEARML_AUTH_TOKEN").isPresent();
        if (active.isPresent() || env) out.add(new Profile(DEFAULT, active.orElse(null)));
        if (Files.isDirectory(folder)) {
            try (Stream<Path> s = Files.list(folder)) {
                s.filter(p -> p.getFileName().toString().endsWith(".conf") && Files.isRegularFile(p))
                        .map(p -> p.getFileName().toString())
                        .map(n -> n.substring(0, n.length() - ".conf".length()))
                        .filter(n -> n.matches(NAME) && !n.equals(DEFAULT))
                        .sorted()
                        .forEach(n -> out.add(new Profile(n, folder.resolve(n + ".conf"))));
            } catch (IOException e) {
                throw new ConfigException("Cannot list profiles in " + folder + ": " + e.getMessage(), e);
            }
        }
        return out;
    }

    /**
     * The configuration of a profile.
     *
     * @return empty for "default" when nothing is configured
     * @throws ConfigException for an unknown profile or a broken file
     */
    public Optional<ClearmlConfig> load(String name) {
        if (name == null || DEFAULT.equals(name)) return loader.load();
        Path file = fileOf(name);
        if (!Files.isRegularFile(file)) {
            throw new ConfigException("No profile named '" + name + "' (looked for " + file + ")");
        }
        return Optional.of(loader.loadFile(name, file));
    }

    /** The file a profile is (or would be) saved to; "default" is the SDK's own write target. */
    public Path fileOf(String name) {
        if (DEFAULT.equals(name)) return loader.writeTarget();
        validateName(name);
        return folder.resolve(name + ".conf");
    }

    /**
     * Saves settings as a profile (0600, never replacing an existing file unless {@code replace}).
     * "default" writes the SDK's clearml.conf so scripts on this machine use the same server.
     */
    public Profile save(String name, ServerSettings settings, boolean replace) {
        Path file = fileOf(name);
        ConfigWriter.write(file, settings, replace);
        return new Profile(name, file);
    }

    public static void validateName(String name) {
        if (name == null || !name.matches(NAME)) {
            throw new ConfigException("A profile name uses letters, digits, '.', '_' or '-' (up to 64), starting with a letter or digit: '"
                    + name + "' is not one");
        }
    }
}
