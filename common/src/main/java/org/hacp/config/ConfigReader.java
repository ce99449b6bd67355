package org.hacp.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.hacp.net.PortRange;

/**
 * Typed, range-checked access to the project's one configuration format (HOCON, as read by
 * Typesafe Config). Every module's typed config object reads its keys through this class, so
 * that a bad value always fails the same way: a {@link ConfigException} naming the key, the value
 * and the allowed range.
 *
 * <p>Defaults live in each module's {@code reference.conf}; a reader built with {@link #of}
 * falls back to them, so a user file only names what it changes.
 */
public final class ConfigReader {
    private final Config config;

    private ConfigReader(Config config) {
        this.config = config;
    }

    /** A reader over {@code config} with every module's {@code reference.conf} as fallback. */
    public static ConfigReader of(Config config) {
        Objects.requireNonNull(config, "config");
        return new ConfigReader(
                config.withFallback(ConfigFactory.defaultReference()).resolve());
    }

    /** A reader over the defaults alone. */
    public static ConfigReader defaults() {
        return of(ConfigFactory.empty());
    }

    /** A reader over HOCON text (tests and command-line overrides use it). */
    public static ConfigReader parse(String hocon) {
        try {
            return of(ConfigFactory.parseString(hocon));
        } catch (com.typesafe.config.ConfigException e) {
            throw new ConfigException("configuration is not valid HOCON: " + e.getMessage(), e);
        }
    }

    /**
     * A duration written as in the configuration files (e.g. {@code 500ms}, {@code 30s}, {@code 5m}), for
     * command-line options; fails naming {@code what} and the text.
     */
    public static Duration parseDuration(String text, String what) {
        try {
            return ConfigFactory.parseMap(Map.of("t", text)).getDuration("t");
        } catch (com.typesafe.config.ConfigException e) {
            throw new ConfigException(what + " = '" + text + "' is not a duration (e.g. 500ms, 30s, 5m)", e);
        }
    }

    /** The underlying merged configuration. */
    public Config config() {
        return config;
    }

    public Duration duration(String key, Duration min, Duration max) {
        Duration value;
        try {
            value = config.getDuration(key);
        } catch (com.typesafe.config.ConfigException e) {
            throw invalid(key, "a duration such as 500ms or 10s", e);
        }
        if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
            throw new ConfigException(String.format(
                    "%s = %s is out of range: allowed %s .. %s", key, format(value), format(min), format(max)));
        }
        return value;
    }

    public long bytes(String key, long min, long max) {
        long value;
        try {
            value = config.getBytes(key);
        } catch (com.typesafe.config.ConfigException e) {
            throw invalid(key, "a size such as 512KiB or 1MiB", e);
        }
        if (value < min || value > max) {
            throw new ConfigException(
                    String.format("%s = %d bytes is out of range: allowed %d .. %d bytes", key, value, min, max));
        }
        return value;
    }

    public int intValue(String key, int min, int max) {
        int value;
        try {
            value = config.getInt(key);
        } catch (com.typesafe.config.ConfigException e) {
            throw invalid(key, "a whole number", e);
        }
        if (value < min || value > max) {
            throw new ConfigException(String.format("%s = %d is out of range: allowed %d .. %d", key, value, min, max));
        }
        return value;
    }

    /** Ports as {@link PortRange} reads them: 0, one port, or ranges such as {@code 50100-50200,50300}. */
    public PortRange portRange(String key) {
        return PortRange.parse(key, string(key));
    }

    public boolean booleanValue(String key) {
        try {
            return config.getBoolean(key);
        } catch (com.typesafe.config.ConfigException e) {
            throw invalid(key, "true or false", e);
        }
    }

    public String string(String key) {
        try {
            return config.getString(key);
        } catch (com.typesafe.config.ConfigException e) {
            throw invalid(key, "a string", e);
        }
    }

    /** A list of strings; an element that is not a string fails naming the key. */
    public List<String> stringList(String key) {
        try {
            return List.copyOf(config.getStringList(key));
        } catch (com.typesafe.config.ConfigException e) {
            throw invalid(key, "a list of strings", e);
        }
    }

    /**
     * A secret: given inline at {@code key}, in a file named at {@code key-file}, or in an
     * environment variable named at {@code key-env}; at most one of them. Files and the
     * environment keep secrets out of command lines ({@code ps}) and config files; no error message
     * here contains the secret itself. Empty when none is set.
     */
    public String secret(String key) {
        String inline = config.hasPath(key) ? string(key) : "";
        String file = config.hasPath(key + "-file") ? string(key + "-file") : "";
        String env = config.hasPath(key + "-env") ? string(key + "-env") : "";
        int given = (inline.isEmpty() ? 0 : 1) + (file.isEmpty() ? 0 : 1) + (env.isEmpty() ? 0 : 1);
        if (given > 1) {
            throw new ConfigException(key + ", " + key + "-file and " + key + "-env: set at most one of them");
        }
        if (!file.isEmpty()) {
            return readSecretFile(key + "-file", Path.of(file));
        }
        if (!env.isEmpty()) {
            String value = System.getenv(env);
            if (value == null || value.isBlank()) {
                throw new ConfigException(key + "-env = '" + env + "': that environment variable is not set");
            }
            return value.trim();
        }
        return inline;
    }

    private static String readSecretFile(String key, Path file) {
        try {
            String value = Files.readString(file, StandardCharsets.UTF_8).trim();
            if (value.isEmpty()) {
                throw new ConfigException(key + " = '" + file + "': the file is empty");
            }
            return value;
        } catch (IOException e) {
            throw new ConfigException(
                    key + " = '" + file + "': cannot read it (" + e.getClass().getSimpleName() + ")", e);
        }
    }

    private static ConfigException invalid(String key, String expected, Exception cause) {
        return new ConfigException(String.format("%s: expected %s (%s)", key, expected, cause.getMessage()), cause);
    }

    private static String format(Duration d) {
        long ms = d.toMillis();
        if (ms == 0 && !d.isZero()) {
            return d.toNanos() + "ns";
        }
        if (ms != 0 && ms % 3_600_000 == 0) {
            return ms / 3_600_000 + "h";
        }
        if (ms != 0 && ms % 60_000 == 0) {
            return ms / 60_000 + "m";
        }
        if (ms != 0 && ms % 1000 == 0) {
            return ms / 1000 + "s";
        }
        return ms + "ms";
    }
}
