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
import org.hacp.chaos.ip.IpScenario;
import org.hacp.chaos.ip.IpScenarioRunner;
import org.hacp.chaos.ip.IpScenarios;
import org.hacp.chaos.ip.NamespaceCluster;
import org.hacp.chaos.ip.RandomIpNemesis;
import org.hacp.chaos.scenario.RandomNemesis;
import org.hacp.chaos.scenario.Scenario;
import org.hacp.chaos.scenario.ScenarioRunner;
import org.hacp.chaos.scenario.Scenarios;
import org.hacp.config.ConfigException;
import org.hacp.config.ConfigReader;
import org.hacp.threads.CommandExit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code scripts/chaos}: runs chaos scenarios (or a seeded random soak) against real processes and
 * writes each run's report under the run directory — through the fault proxies of a local cluster
 * ({@code --nemesis proxy}, the default) or with packet filters between network-namespace hosts
 * ({@code --nemesis ip}, issue 17). Exit code: 0 all valid, 1 any invalid, 2 any unknown.
 */
@Command(
        name = "chaos",
        mixinStandardHelpOptions = true,
        description = "Runs chaos scenarios and checks the invariants.")
public final class ChaosMain implements Callable<Integer> {

    /** Where faults are made. */
    enum NemesisKind {
        /** TCP fault proxies on every link of a local cluster. */
        PROXY,
        /** nftables rules between the network-namespace hosts of {@code scripts/hosts} (needs root). */
        IP
    }

    @Option(
            names = "--nemesis",
            defaultValue = "proxy",
            description = "proxy (default: fault proxies on a local cluster) or ip (packet filters between "
                    + "namespace hosts; needs root, nftables and the distribution tarball).")
    NemesisKind nemesis;

    @Option(names = "--tarball", description = "With --nemesis ip: the distribution the hosts run.")
    Path tarball;

    @Option(
            names = "--hosts-script",
            defaultValue = "scripts/hosts",
            description = "With --nemesis ip: the namespace-hosts script (default ${DEFAULT-VALUE}).")
    Path hostsScript;

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
            description = "ZooKeeper session timeout (default 3s; 4s with --nemesis ip, whole seconds there).")
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
        if (nemesis == NemesisKind.IP) {
            return callIp();
        }
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
            outcomes.add(runOne(sc.name(), () -> runner.run(sc, runDir.resolve(sc.name()))));
        }
        return summarize(outcomes).exitCode();
    }

    private Integer callIp() throws Exception {
        if (check != null || unsafe && duration != null) {
            throw new CommandLine.ParameterException(
                    new CommandLine(this), "--check and an unsafe soak are for --nemesis proxy");
        }
        if (duration == null && scenario.equals("list")) {
            IpScenarios.all()
                    .forEach(sc ->
                            System.out.printf("%-34s %-5s %s%n", sc.name(), sc.fast() ? "fast" : "", sc.description()));
            return 0;
        }
        if (tarball == null || !Files.isRegularFile(tarball)) {
            throw new CommandLine.ParameterException(
                    new CommandLine(this), "--nemesis ip needs --tarball FILE (the distribution); got " + tarball);
        }
        NamespaceCluster.Options options = NamespaceCluster.Options.of(hostsScript.toAbsolutePath(), tarball);
        if (sessionTimeout != null) {
            Duration session = parse(sessionTimeout, "--session-timeout");
            if (session.toMillis() % 1000 != 0 || session.toSeconds() < 2 || session.toSeconds() > 20) {
                throw new CommandLine.ParameterException(
                        new CommandLine(this),
                        "--session-timeout = " + sessionTimeout + " with --nemesis ip: whole seconds, 2s .. 20s");
            }
            options = options.withSessionTimeout(session);
        }
        IpScenarioRunner runner = new IpScenarioRunner(unsafe ? options.unsafe() : options, Duration.ofSeconds(60));
        List<IpScenario> selected;
        if (duration != null) {
            long s = seed != null ? seed : new Random().nextLong();
            System.out.println("random IP soak: seed " + s + ", duration " + duration
                    + " (replay: scripts/chaos --nemesis ip --duration " + duration + " --seed " + s + ")");
            selected = List.of(RandomIpNemesis.scenario(s, parse(duration, "--duration")));
        } else if (scenario.equals("all") || scenario.equals("fast")) {
            selected = scenario.equals("all") ? IpScenarios.all() : IpScenarios.fast();
        } else {
            selected = List.of(IpScenarios.named(scenario));
        }
        Files.createDirectories(runDir);
        List<ScenarioRunner.Outcome> outcomes = new ArrayList<>();
        for (IpScenario sc : selected) {
            outcomes.add(runOne(sc.name(), () -> runner.run(sc, runDir.resolve("ip-" + sc.name()))));
        }
        return summarize(outcomes).exitCode();
    }

    /** One run of a scenario, as the runner does it. */
    @FunctionalInterface
    private interface Run {
        ScenarioRunner.Outcome run() throws Exception;
    }

    private ChaosCluster.Options clusterOptions() {
        Duration session = parse(sessionTimeout == null ? "3s" : sessionTimeout, "--session-timeout");
        if (session.toMillis() < 1000 || session.toMillis() > 60_000) {
            throw new CommandLine.ParameterException(
                    new CommandLine(this),
                    "--session-timeout = " + sessionTimeout + " is out of range: allowed 1s .. 60s");
        }
        ChaosCluster.Options options = ChaosCluster.Options.defaults().withSessionTimeout(session);
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

    private ScenarioRunner.Outcome runOne(String name, Run run) {
        ScenarioRunner.Outcome outcome;
        try {
            outcome = run.run();
        } catch (Exception e) {
            System.out.printf("%-34s %-8s could not run: %s%n", name, Validity.UNKNOWN, e.getMessage());
            outcome = new ScenarioRunner.Outcome(
                    name,
                    new Verdict(List.of(new Verdict.Result(
                            "run", "the scenario ran", Validity.UNKNOWN, String.valueOf(e.getMessage()), List.of()))),
                    0,
                    runDir.resolve(name));
        }
        System.out.printf(
                "%-34s %-8s %6.1f s   %s%n",
                name,
                outcome.validity(),
                outcome.millis() / 1000.0,
                outcome.runDir().resolve("timeline.html"));
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
        CommandExit.exit(new CommandLine(new ChaosMain())
                .setCaseInsensitiveEnumValuesAllowed(true)
                .execute(args));
    }
}
