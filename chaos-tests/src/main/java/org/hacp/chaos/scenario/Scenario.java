package org.hacp.chaos.scenario;

import java.time.Duration;
import java.util.List;
import org.hacp.chaos.cluster.ChaosCluster;

/**
 * One chaos scenario: what the nemesis does to a running cluster between the job submission and
 * the final heal. {@code fast} scenarios run in CI; all run through {@code scripts/chaos}.
 */
public record Scenario(
        String name,
        String description,
        boolean fast,
        Body body,
        List<Expectation> expectations,
        Duration minSessionTimeout,
        boolean clockFaults) {

    public Scenario(String name, String description, boolean fast, Body body) {
        this(name, description, fast, body, List.of(), Duration.ZERO, false);
    }

    /** The same scenario with its own claims, checked next to the invariants. */
    public Scenario expecting(Expectation... more) {
        return new Scenario(name, description, fast, body, List.of(more), minSessionTimeout, clockFaults);
    }

    /** The same scenario on a cluster whose session timeout is at least {@code atLeast}. */
    public Scenario withSessionTimeoutOfAtLeast(Duration atLeast) {
        return new Scenario(name, description, fast, body, expectations, atLeast, clockFaults);
    }

    /** The same scenario on a cluster whose processes each have a wall clock the nemesis can skew (issue 33). */
    public Scenario withClockFaults() {
        return new Scenario(name, description, fast, body, expectations, minSessionTimeout, true);
    }

    /**
     * The options of this scenario's cluster: {@code runner}'s, with the session timeout raised to
     * its minimum and clock faults on where it needs them.
     */
    public ChaosCluster.Options options(ChaosCluster.Options runner) {
        ChaosCluster.Options own = runner.sessionTimeout().compareTo(minSessionTimeout) >= 0
                ? runner
                : runner.withSessionTimeout(minSessionTimeout);
        return clockFaults && !own.clockFaults() ? own.withClockFaults() : own;
    }

    /** The nemesis's part; the runner heals, settles and checks afterwards. */
    @FunctionalInterface
    public interface Body {
        void run(ChaosCluster cluster) throws Exception;
    }
}
