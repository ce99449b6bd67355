package org.hacp.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigSyntax;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Where an operator's configuration comes from: a file named on the command line and
 * {@code key=value} overrides. A named file that is missing, unreadable or not HOCON is an error
 * naming the file (never silently ignored: a process once started against its own embedded
 * ZooKeeper because its file was missing, issue 13); override values are set as values, never
 * pasted into HOCON, so no value can add settings of its own.
 */
public final class ConfigSources {
    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)*");

    private ConfigSources() {}

    /** The configuration in {@code file}. */
    public static Config file(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new ConfigException("config file " + file + " does not exist or is not a regular file");
        }
        if (!Files.isReadable(file)) {
            throw new ConfigException("config file " + file + " is not readable");
        }
        try {
            return ConfigFactory.parseFile(
                    file.toFile(),
                    ConfigParseOptions.defaults().setAllowMissing(false).setSyntax(ConfigSyntax.CONF));
        } catch (com.typesafe.config.ConfigException e) {
            throw new ConfigException("config file " + file + " is not valid HOCON: " + e.getMessage(), e);
        }
    }

    /** The overrides {@code key=value}, later ones winning; a malformed one is an error naming it. */
    public static Config overrides(List<String> keyValues) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String kv : keyValues) {
            int eq = kv.indexOf('=');
            String key = eq < 0 ? kv : kv.substring(0, eq).trim();
            if (eq < 1 || !KEY.matcher(key).matches()) {
                throw new ConfigException(
                        "override '" + kv + "' is not key=value with a key such as hacp.rpc.bind-port");
            }
            values.put(key, kv.substring(eq + 1));
        }
        return ConfigFactory.parseMap(values, "command-line overrides");
    }
}
