package org.hacp.chaos.cluster;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.hacp.cluster.Component;
import org.hacp.cluster.client.ClusterClient;
import org.hacp.cluster.events.EventLog;
import org.hacp.cluster.events.EventType;
import org.hacp.leader.LeaderInformation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a nemesis records of its actions — the proxy one ({@link Nemesis}) and the IP one alike —
 * as {@code nemesis} steps in the harness's event log (before an action is taken; its end after),
 * and the actions both make through the cluster's client (a planned handover). Step names are what
 * the checker and the timeline read. Thread-safe as far as the event log is.
 */
public final class NemesisSteps {
    private static final Logger LOG = LoggerFactory.getLogger(NemesisSteps.class);

    private final EventLog log;

    public NemesisSteps(EventLog log) {
        this.log = log;
    }

    /** Records the start of the run with its session timeout. */
    public void started(Duration sessionTimeout) {
        log.recordStep(
                EventType.NEMESIS, Nemesis.START, "info", Map.of("sessionTimeoutMillis", sessionTimeout.toMillis()));
    }

    /** Records step {@code f} in {@code phase} (start, end, info) with {@code details} as name/value pairs. */
    public void act(String f, String phase, Object... details) {
        Map<String, Object> fields = new LinkedHashMap<>();
        for (int i = 0; i + 1 < details.length; i += 2) {
            fields.put(details[i].toString(), details[i + 1]);
        }
        log.recordStep(EventType.NEMESIS, f, phase, fields);
        LOG.info("nemesis: {} {} {}", f, phase, fields);
    }

    /** Records a free-form marker (scenario phases). */
    public void mark(String what) {
        act(what, "info");
    }

    /** Asks the dispatcher leader to step down (a planned handover), staying out for {@code stayOut}. */
    public void handover(ClusterClient client, Duration stayOut) throws Exception {
        LeaderInformation leader = client.leader(Component.DISPATCHER);
        if (leader == null) {
            throw new IllegalStateException("no dispatcher leader to hand over from");
        }
        act("handover", "start", "epoch", leader.epoch());
        client.dispatcher(leader)
                .get(3, TimeUnit.SECONDS)
                .stepDown(stayOut.toMillis(), "")
                .get(5, TimeUnit.SECONDS);
    }
}
