package org.hacp.cluster.process;

import com.typesafe.config.Config;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.hacp.cluster.events.EventLog;
import org.hacp.cluster.events.EventType;
import org.hacp.config.ConfigReader;
import org.hacp.config.ConfigSources;
import org.hacp.ha.zookeeper.ZooKeeperHaServices;
import picocli.CommandLine.Option;
import sun.misc.Signal;

/** Options every cluster process takes: its id, a config file and key=value overrides. */
public class ProcessOptions {
    @Option(names = "--id", required = true, description = "This process's id, e.g. jobmanager-1.")
    String id;

    @Option(names = "--config", description = "HOCON configuration file (optional).")
    File config;

    @Option(
            names = "--event-log",
            description = "Append JSONL events (grant, revoke, publish, register, jobs...) to this file.")
    Path eventLog;

    @Option(
            names = "--exit-with-parent",
            description = "Exit when the launching process exits (local clusters leave no orphans).")
    boolean exitWithParent;

    @Option(
            names = {"-D", "--set"},
            description = "Override a configuration key, e.g. -D hacp.ha.zookeeper.connect-string=127.0.0.1:2181.")
    List<String> overrides = new ArrayList<>();

    /** With --exit-with-parent: exit (cleanly, through the shutdown hooks) as soon as the parent is gone. */
    void watchParent() {
        if (exitWithParent) {
            ProcessHandle.current().parent().ifPresent(parent -> parent.onExit().thenRun(() -> System.exit(0)));
        }
    }

    /** The event log named by --event-log, or none. */
    EventLog events() throws IOException {
        return eventLog == null ? EventLog.none() : EventLog.open(eventLog, id);
    }

    /**
     * Test-only: with {@code -Dhacp.test.session-expiry-on-sigusr1=true} a SIGUSR1 makes this process's
     * ZooKeeper client see its session expire (ZooKeeper's own test hook), so the chaos suite can
     * inject session expiry into a real process from outside.
     */
    public static final String SESSION_EXPIRY_ON_SIGUSR1 = "hacp.test.session-expiry-on-sigusr1";

    /** Records the start and every ZooKeeper connection change (SUSPENDED, LOST, RECONNECTED) of this process. */
    static void recordLifecycle(EventLog events, ZooKeeperHaServices ha, Role role) {
        events.record(EventType.PROCESS_START, role.id());
        ha.client()
                .getConnectionStateListenable()
                .addListener((client, state) -> events.record(EventType.ZK_CONNECTION, state.name()));
        if (Boolean.getBoolean(SESSION_EXPIRY_ON_SIGUSR1)) {
            // sun.misc.Signal: the JDK has no supported API for handling a signal; this switch is for test clusters
            // only.
            Signal.handle(new Signal("USR1"), signal -> {
                events.record(EventType.ZK_SESSION_EXPIRY_INJECTED);
                try {
                    ha.client()
                            .getZookeeperClient()
                            .getZooKeeper()
                            .getTestable()
                            .injectSessionExpiration();
                } catch (Exception e) {
                    events.record(EventType.ZK_SESSION_EXPIRY_FAILED, e.toString());
                }
            });
        }
    }

    /** The configuration: overrides, then the file, then every module's defaults. */
    ConfigReader reader() {
        Config c = ConfigSources.overrides(overrides);
        if (config != null) {
            c = c.withFallback(ConfigSources.file(config.toPath()));
        }
        return ConfigReader.of(c);
    }
}
