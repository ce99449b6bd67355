package org.hacp.chaos.scenario;

import org.hacp.chaos.cluster.ChaosCluster;

/**
 * One chaos scenario: what the nemesis does to a running cluster between the job submission and
 * the final heal. {@code fast} scenarios run in CI; all run through {@code scripts/chaos}.
 */
public record Scenario(String name, String description, boolean fast, Body body) {

    /** The nemesis's part; the runner heals, settles and checks afterwards. */
    @FunctionalInterface
    public interface Body {
        void run(ChaosCluster cluster) throws Exception;
    }
}
