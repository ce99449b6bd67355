package org.hacp.chaos;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import org.hacp.chaos.checker.Validity;
import org.hacp.chaos.checker.Verdict;
import org.hacp.chaos.cluster.ChaosCluster;
import org.hacp.chaos.scenario.RandomNemesis;
import org.hacp.chaos.scenario.Scenario;
import org.hacp.chaos.scenario.ScenarioRunner;
import org.hacp.chaos.scenario.Scenarios;
import org.hacp.config.ConfigException;
import org.hacp.config.ConfigReader;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code scripts/chaos}: runs chaos scenarios (or a seeded random soak) against real processes and
 * writes each run's report under the run directory. Exit code: 0 all valid, 1 any invalid,
 * 2 any unknown.
 */
@Command(
        name = "chaos",
        mixinStandardHelpOptions = true,
        description = "Runs chaos scenarios and checks the invariants.")
public final class ChaosMain implements Callable<Integer> {

    @Option(
            names = "--scenario",
            defaultValue = "all",
            description = "A scenario name, 'fast' (the CI set), 'all' (default) or 'list'.")
    String scenario;

    @Option(names = "--duration", description = "Run a randomized soak for this long instead (e.g. 30m).")
    String duration;

    @Option(names = "--seed", description = "Seed of the randomized soak (default: random, printed).")
    Long seed;

    @Option(
            names = "--session-timeout",
            defaultValue = "3s",
            description = "ZooKeeper session timeout (default ${DEFAULT-VALUE}).")
    String sessionTimeout;

    @Option(
            names = "--run-dir",
            defaultValue = "run/chaos",
            description = "Where reports go (default ${DEFAULT-VALUE}).")
    Path runDir;

    @Option(
            names = "--unsafe-no-fencing",
            description = "Test-only: switch fencing off and make deposed leaders ignore revokes; "
                    + "the checker should then report violations.")
    boolean unsafe;

    @Option(
            names = "--check",
            description = "Only check an existing run directory (merge its event logs, write the report).")
    Path check;

    @Override
    public Integer call() throws Exception {
        ScenarioRunner runner =
                new ScenarioRunner(System.getProperty("java.class.path"), clusterOptions(), Duration.ofSeconds(60));
        if (check != null) {
            ScenarioRunner.Outcome outcome = runner.check(check.getFileName().toString(), check, 0, List.of());
            System.out.print(Files.readString(check.resolve("verdict.txt")));
            return outcome.validity().exitCode();
        }
        if (duration == null && scenario.equals("list")) {
            Scenarios.all()
                    .forEach(sc ->
                            System.out.printf("%-34s %-5s %s%n", sc.name(), sc.fast() ? "fast" : "", sc.description()));
            return 0;
        }
        Files.createDirectories(runDir);
        List<ScenarioRunner.Outcome> outcomes = new ArrayList<>();
        for (Scenario sc : selected()) {
            outcomes.add(runOne(runner, sc));
        }
        return summarize(outcomes).exitCode();
    }

    private ChaosCluster.Options clusterOptions() {
        Duration session = parse(sessionTimeout, "--session-timeout");
        if (session.toMillis() < 1000 || session.toMillis() > 60_000) {
            throw new CommandLine.ParameterException(
                    new CommandLine(this),
                    "--session-timeout = " + sessionTimeout + " is out of range: allowed 1s .. 60s");
        }
        ChaosCluster.Options defaults = ChaosCluster.Options.defaults();
        ChaosCluster.Options options = new ChaosCluster.Options(
                session, defaults.jobManagers(), defaults.taskExecutors(), defaults.slots(), false, false);
        return unsafe ? options.unsafe() : options;
    }

    private List<Scenario> selected() {
        if (duration != null) {
            long s = seed != null ? seed : new Random().nextLong();
            System.out.println("random soak: seed " + s + ", duration " + duration
                    + " (replay: scripts/chaos --duration " + duration + " --seed " + s + ")");
            return List.of(new RandomNemesis(s, parse(duration, "--duration")).scenario());
        }
        if (scenario.equals("all") || scenario.equals("fast")) {
            return Scenarios.all().stream()
                    .filter(sc -> scenario.equals("all") || sc.fast())
                    .toList();
        }
        return List.of(Scenarios.named(scenario));
    }

    private ScenarioRunner.Outcome runOne(ScenarioRunner runner, Scenario sc) {
        Path dir = runDir.resolve(sc.name());
        ScenarioRunner.Outcome outcome;
        try {
            outcome = runner.run(sc, dir);
        } catch (Exception e) {
            System.out.printf("%-34s %-8s could not run: %s%n", sc.name(), Validity.UNKNOWN, e.getMessage());
            outcome = new ScenarioRunner.Outcome(
                    sc.name(),
                    new Verdict(List.of(new Verdict.Result(
                            "run", "the scenario ran", Validity.UNKNOWN, String.valueOf(e.getMessage()), List.of()))),
                    0,
                    dir);
        }
        System.out.printf(
                "%-34s %-8s %6.1f s   %s%n",
                sc.name(), outcome.validity(), outcome.millis() / 1000.0, dir.resolve("timeline.html"));
        return outcome;
    }

    private Validity summarize(List<ScenarioRunner.Outcome> outcomes) {
        Validity overall = Validity.VALID;
        System.out.println();
        System.out.printf("%-34s %-8s %8s  %s%n", "scenario", "verdict", "duration", "failed invariants");
        for (ScenarioRunner.Outcome o : outcomes) {
            overall = overall.and(o.validity());
            String failed = String.join(
                    ",",
                    o.verdict().results().stream()
                            .filter(r -> r.validity() != Validity.VALID)
                            .map(r -> r.id() + ":" + r.validity())
                            .toList());
            System.out.printf("%-34s %-8s %7.1fs  %s%n", o.scenario(), o.validity(), o.millis() / 1000.0, failed);
        }
        System.out.println("overall: " + overall + " (reports under " + runDir + ")");
        return overall;
    }

    private Duration parse(String text, String option) {
        try {
            return ConfigReader.parseDuration(text, option);
        } catch (ConfigException e) {
            throw new CommandLine.ParameterException(new CommandLine(this), e.getMessage());
        }
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new ChaosMain()).execute(args));
    }
}
