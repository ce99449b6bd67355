package org.hacp.chaos.ip;

import java.util.List;
import org.hacp.chaos.scenario.Expectation;

/**
 * One scenario of the IP nemesis: what it does to the namespace-host cluster between the job
 * submission and the final heal. {@code fast} ones run in {@code mvn verify}.
 */
public record IpScenario(String name, String description, boolean fast, Body body, List<Expectation> expectations) {

    public IpScenario(String name, String description, boolean fast, Body body) {
        this(name, description, fast, body, List.of());
    }

    /** The nemesis's part; the runner heals, settles and checks afterwards. */
    @FunctionalInterface
    public interface Body {
        void run(NamespaceCluster cluster) throws Exception;
    }
}
