package org.hacp.dist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The cluster across hosts (issue 14): {@code scripts/hosts up} runs the tarball on eight network
 * namespace hosts (a 3-server ZooKeeper ensemble, 3 JobManagers, 2 TaskExecutors, each on its own
 * address); with a job running, a kill -9 of the leader and then a planned handover are drilled
 * from this host and the JobManagers restarted one at a time, the job finishes exactly once, and {@code down} leaves no namespace, bridge or
 * process. Needs root and iproute2 (CI runs as root; skipped, saying so, elsewhere).
 */
class HostsIT {
    private static final String PREFIX = "hacpit";
    private static final String SUBNET = "10.78.0";
    private static final Pattern JOB_ID = Pattern.compile("^(hosts-[0-9a-f]+)$", Pattern.MULTILINE);
    private static final Pattern NEW_LEADER =
            Pattern.compile("leader (jobmanager-\\d) \\(epoch \\d+\\) -> (jobmanager-\\d)");

    private static Path runDir;
    private static Path repo;

    @BeforeAll
    static void up() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "namespace hosts need root (CI runs as root)");
        assumeTrue(
                run(Path.of("."), Duration.ofSeconds(10), "sh", "-c", "command -v ip")
                                .exitCode()
                        == 0,
                "namespace hosts need ip from iproute2");
        repo = Path.of(System.getProperty("hacp.repo.root", "..")).toAbsolutePath();
        // In the build directory: its logs, event logs and drill reports stay for a post-mortem.
        runDir = Files.createDirectories(
                Path.of(System.getProperty("hacp.dist.build-dir", "target")).resolve("hosts-it"));
        hosts(
                        Duration.ofMinutes(3),
                        "up",
                        "--tarball",
                        System.getProperty("hacp.dist.tarball"),
                        "--prefix",
                        PREFIX,
                        "--subnet",
                        SUBNET,
                        "--session-timeout",
                        "10s")
                .ok("scripts/hosts up");
    }

    @AfterAll
    static void down() throws Exception {
        if (runDir == null) {
            return;
        }
        Command down = hosts(Duration.ofMinutes(2), "down");
        assertThat(down.output()).as("scripts/hosts down").contains("no namespace, bridge or process left");
        assertThat(down.exitCode()).isZero();
        assertThat(run(runDir, Duration.ofSeconds(10), "ip", "netns", "list").output())
                .as("namespaces left")
                .doesNotContain(PREFIX + "-");
    }

    @Test
    void failoverAndHandoverAcrossHostsFinishTheJobExactlyOnce() throws Exception {
        for (String host : List.of("zk1", "jm1", "te1")) {
            String listening = run(
                            runDir, Duration.ofSeconds(10), "ip", "netns", "exec", PREFIX + "-" + host, "ss", "-ltn")
                    .ok("ss -ltn on " + host)
                    .output();
            assertThat(listening)
                    .as("listening sockets on " + host)
                    .contains(SUBNET + ".")
                    .doesNotContain("127.0.0.1");
        }
        String status = hosts(Duration.ofMinutes(1), "hactl", "status")
                .ok("hactl status")
                .output();
        assertThat(status)
                .containsPattern("participants +\\[jobmanager-\\d, jobmanager-\\d, jobmanager-\\d\\]")
                .contains("taskexecutor-1", "taskexecutor-2");
        // 4 tasks of 600 ticks of 50 ms on 4 slots: ~30 s of work, running through the drills and a rolling restart.
        String job = matched(
                JOB_ID,
                hosts(
                                Duration.ofMinutes(1),
                                "hactl",
                                "submit",
                                "--name",
                                "hosts",
                                "--tasks",
                                "4",
                                "--ticks",
                                "600",
                                "--tick-ms",
                                "50")
                        .ok("hactl submit")
                        .output(),
                1);

        // The bound is about correctness: 3 s is far under the 10 s session timeout, so only fast takeover
        // meets it; its 1 s goal is a figure of the drill's report, not a test's (CI of f2adb4d measured
        // 1016 ms on a loaded machine and failed the default bound).
        Command kill = hosts(Duration.ofMinutes(2), "hactl", "drill", "kill-leader", "--slo-total", "3s");
        System.out.println("kill-leader drill across hosts:\n" + kill.output());
        assertThat(kill.output()).contains("verdict: VALID");
        assertThat(kill.exitCode()).isZero();
        String killed = matched(NEW_LEADER, kill.output(), 1);
        hosts(Duration.ofMinutes(1), "start", "jm" + killed.substring(killed.indexOf('-') + 1))
                .ok("restart of " + killed);

        // A first handover to a JobManager that never led is cold: its bound here is about
        // correctness; the figures are the drill's phase table (in the issue 14 note).
        Command handover = hosts(Duration.ofMinutes(2), "hactl", "drill", "handover", "--slo-total", "2s");
        System.out.println("handover drill across hosts:\n" + handover.output());
        assertThat(handover.output()).contains("verdict: VALID");
        assertThat(handover.exitCode()).isZero();

        // The README's rolling restart: one JobManager at a time, the next once the last is back in the election.
        for (String host : List.of("jm1", "jm2", "jm3")) {
            hosts(Duration.ofMinutes(1), "stop", host).ok("stop " + host);
            hosts(Duration.ofMinutes(1), "start", host).ok("start " + host);
            awaitOutput(
                    Duration.ofSeconds(30),
                    "(?s).*participants +\\[jobmanager-\\d, jobmanager-\\d, jobmanager-\\d\\].*",
                    "hactl",
                    "status");
        }

        awaitOutput(
                Duration.ofSeconds(90),
                "(?s).*" + job + "\\s+tasks 4\\s+2400/2400 ticks\\s+finished.*",
                "hactl",
                "jobs");
        assertThat(finishedEvents(job)).as("job-finished events of " + job).isEqualTo(1);
    }

    /** Runs {@code scripts/hosts args} until its output matches {@code regex}; fails showing the last output. */
    private static void awaitOutput(Duration within, String regex, String... args) {
        await().atMost(within)
                .pollInterval(Duration.ofMillis(500))
                .untilAsserted(
                        () -> assertThat(hosts(Duration.ofMinutes(1), args).output())
                                .as("scripts/hosts " + String.join(" ", args))
                                .matches(regex));
    }

    private static long finishedEvents(String job) throws IOException {
        long count = 0;
        try (Stream<Path> files = Files.walk(runDir.resolve("hosts"), 4)) {
            for (Path log :
                    files.filter(p -> p.toString().endsWith(".events.jsonl")).toList()) {
                count += Files.readAllLines(log).stream()
                        .filter(l -> l.contains("\"type\":\"job-finished\"") && l.contains("\"job\":\"" + job + "\""))
                        .count();
            }
        }
        return count;
    }

    private static Command hosts(Duration timeout, String... args) throws IOException, InterruptedException {
        List<String> command =
                new ArrayList<>(List.of(repo.resolve("scripts").resolve("hosts").toString()));
        command.add(args[0]);
        command.addAll(List.of("--run-dir", runDir.toString()));
        command.addAll(List.of(args).subList(1, args.length));
        return Command.run(repo, Map.of(), timeout, command);
    }

    private static Command run(Path dir, Duration timeout, String... command) throws IOException, InterruptedException {
        return Command.run(dir, Map.of(), timeout, List.of(command));
    }

    private static String matched(Pattern pattern, String text, int group) {
        Matcher m = pattern.matcher(text);
        if (!m.find()) {
            throw new AssertionError("no match for " + pattern + " in:\n" + text);
        }
        return m.group(group);
    }
}
