package org.hacp.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.hacp.cluster.cli.Hactl;
import org.hacp.cluster.events.EventLog;
import org.hacp.cluster.jobmanager.JobManager;
import org.hacp.config.ConfigReader;
import org.hacp.ha.HaConfig;
import org.hacp.ha.MemberCard;
import org.hacp.ha.zookeeper.EmbeddedZooKeeper;
import org.hacp.ha.zookeeper.ZooKeeperHaServices;
import org.hacp.net.FreePorts;
import org.hacp.net.TcpForwarder;
import org.hacp.protocol.ProtocolRange;
import org.hacp.rpc.RpcConfig;
import org.hacp.rpc.RpcService;
import org.hacp.rpc.TestRpcSystems;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** hactl against a real ZooKeeper and JobManagers: output, and exit codes when things are missing. */
class HactlIT {

    private record Result(int exitCode, String out, String err) {}

    private static Result hactl(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            int code = new CommandLine(new Hactl()).execute(args);
            return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    @Test
    void unreachableZooKeeperExitsWithThree() {
        Result r = hactl("--zk", "127.0.0.1:1", "--timeout", "2s", "status");
        assertThat(r.exitCode()).isEqualTo(3);
        assertThat(r.err()).contains("cannot reach ZooKeeper at 127.0.0.1:1");
    }

    @Test
    void statusSubmitJobsAndHandoverAgainstALiveCluster() throws Exception {
        try (EmbeddedZooKeeper zk = EmbeddedZooKeeper.start(null, 0, Duration.ofSeconds(2))) {
            String[] common = {"--zk", zk.connectString(), "--cluster-id", "hactl", "--timeout", "3s"};
            Result none = hactl(concat(common, "status"));
            assertThat(none.exitCode()).as(none.err()).isEqualTo(4);
            assertThat(none.err()).contains("no leader known for 'dispatcher'");

            HaConfig config =
                    HaConfig.from(ConfigReader.parse("hacp.ha { cluster-id = hactl, zookeeper { connect-string = \""
                            + zk.connectString() + "\", session-timeout = 2s } }"));
            RpcService rpcA = TestRpcSystems.remote(RpcConfig.defaults());
            RpcService rpcB = TestRpcSystems.remote(RpcConfig.defaults());
            try (ZooKeeperHaServices haA = ZooKeeperHaServices.start(config, "jm-a", e -> {});
                    ZooKeeperHaServices haB = ZooKeeperHaServices.start(config, "jm-b", e -> {});
                    JobManager a = new JobManager("jm-a", rpcA, haA, Duration.ofSeconds(3), EventLog.none())) {
                await().atMost(Duration.ofSeconds(20))
                        .until(() -> a.dispatcher().getFencingToken() != null);
                try (JobManager b = new JobManager("jm-b", rpcB, haB, Duration.ofSeconds(3), EventLog.none())) {
                    haA.members().announce(new MemberCard("jm-a", "jobmanager", ProtocolRange.CURRENT));
                    Result status = hactl(concat(common, "status"));
                    assertThat(status.exitCode()).as(status.err()).isZero();
                    assertThat(status.out())
                            .contains("dispatcher")
                            .contains("epoch 1")
                            .contains("[jm-a, jm-b]")
                            .containsPattern("member +jm-a +jobmanager +protocol " + ProtocolRange.CURRENT)
                            .contains("taskexecutors    0");
                    Result json = hactl(concat(common, "status", "--output", "json"));
                    assertThat(json.exitCode()).as(json.err()).isZero();
                    JsonNode document = new ObjectMapper().readTree(json.out());
                    assertThat(document.path("leaders")
                                    .path("dispatcher")
                                    .path("epoch")
                                    .asLong())
                            .isEqualTo(1);
                    assertThat(document.path("participants").toString()).isEqualTo("[\"jm-a\",\"jm-b\"]");
                    assertThat(document.path("clusterVersion").path("active").asInt())
                            .isEqualTo(1);
                    assertThat(status.out()).contains("cluster version  1 (never finalized)");

                    // Issue 31: the leader last; with every member at this release there is nothing to finalize.
                    Result plan = hactl(concat(common, "upgrade", "plan"));
                    assertThat(plan.exitCode()).as(plan.err()).isZero();
                    assertThat(plan.out())
                            .contains(
                                    "cluster version  1 (never finalized); this hactl speaks " + ProtocolRange.CURRENT)
                            .containsPattern("1\\. jm-a +leader, last +protocol " + ProtocolRange.CURRENT)
                            .contains("then: hactl upgrade finalize (refused now: the cluster runs protocol version 1"
                                    + " already: nothing to finalize)");
                    Result finalize = hactl(concat(common, "upgrade", "finalize"));
                    assertThat(finalize.exitCode()).as(finalize.out()).isEqualTo(7);
                    assertThat(finalize.err())
                            .contains("hactl: finalize refused: the cluster runs protocol version 1 already");
                    Result beyond = hactl(concat(common, "upgrade", "finalize", "--to", "99"));
                    assertThat(beyond.exitCode()).isEqualTo(7);
                    assertThat(beyond.err()).contains("cannot finalize at 99");
                    assertThat(haA.clusterVersions().read().finalized())
                            .as("nothing written")
                            .isFalse();
                    // To a pipe (not a terminal): an unchanged status is printed once, without escape codes.
                    Result top = hactl(concat(common, "top", "--interval", "100ms", "--iterations", "3"));
                    assertThat(top.exitCode()).as(top.err()).isZero();
                    assertThat(top.out()).doesNotContain("\033").contains("epoch 1");
                    assertThat(top.out().lines().filter(l -> l.startsWith("---")))
                            .hasSize(1);

                    Result submit =
                            hactl(concat(common, "submit", "--name", "cli-job", "--tasks", "1", "--ticks", "5"));
                    assertThat(submit.exitCode()).as(submit.err()).isZero();
                    assertThat(submit.out().trim()).startsWith("cli-job-");
                    Result jobs = hactl(concat(common, "jobs"));
                    assertThat(jobs.out()).contains(submit.out().trim());

                    Result bad = hactl(concat(common, "submit", "--name", "bad name"));
                    assertThat(bad.exitCode()).isEqualTo(2);
                    assertThat(bad.err()).contains("job name 'bad name' is not allowed");

                    Result handover = hactl(concat(common, "handover", "--stay-out", "2s"));
                    assertThat(handover.exitCode()).as(handover.err()).isZero();
                    assertThat(handover.out()).contains("(epoch 1) ->").contains("(epoch 2)");
                    await().atMost(Duration.ofSeconds(20))
                            .until(() -> b.dispatcher().getFencingToken() != null);

                    // A chosen successor: whoever else is granted meanwhile steps aside.
                    RpcService rpcC = TestRpcSystems.remote(RpcConfig.defaults());
                    try (ZooKeeperHaServices haC = ZooKeeperHaServices.start(config, "jm-c", e -> {});
                            JobManager c = new JobManager("jm-c", rpcC, haC, Duration.ofSeconds(3), EventLog.none())) {
                        await().atMost(Duration.ofSeconds(20))
                                .until(() ->
                                        hactl(concat(common, "status")).out().contains("jm-c"));
                        Result to = hactl(
                                "--zk",
                                zk.connectString(),
                                "--cluster-id",
                                "hactl",
                                "--timeout",
                                "15s",
                                "handover",
                                "--to",
                                "jm-c",
                                "--stay-out",
                                "5s");
                        assertThat(to.exitCode()).as(to.err()).isZero();
                        await().atMost(Duration.ofSeconds(20))
                                .until(() -> c.dispatcher().getFencingToken() != null);
                        assertThat(a.dispatcher().getFencingToken()).isNull();
                        assertThat(b.dispatcher().getFencingToken()).isNull();
                    } finally {
                        rpcC.closeAsync().get(30, TimeUnit.SECONDS);
                    }
                }
            } finally {
                rpcA.closeAsync().get(30, TimeUnit.SECONDS);
                rpcB.closeAsync().get(30, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void aLoneLeaderCannotHandOverAndAnUnreachableLeaderExitsWithFive() throws Exception {
        try (EmbeddedZooKeeper zk = EmbeddedZooKeeper.start(null, 0, Duration.ofSeconds(2))) {
            String[] common = {"--zk", zk.connectString(), "--cluster-id", "lone", "--timeout", "2s"};
            HaConfig config =
                    HaConfig.from(ConfigReader.parse("hacp.ha { cluster-id = lone, zookeeper { connect-string = \""
                            + zk.connectString() + "\", session-timeout = 2s } }"));
            // The leader is reached through a forwarder, so it can be cut off while it lives (a
            // JobManager whose RPC service stops leaves the elections: issue 13).
            int bindPort = FreePorts.loopback();
            int advertisedPort = FreePorts.loopback();
            RpcService rpc = TestRpcSystems.remote(RpcConfig.from(ConfigReader.parse(
                    "hacp.rpc { bind-port = " + bindPort + ", advertised-port = " + advertisedPort + " }")));
            try (TcpForwarder link = new TcpForwarder(advertisedPort, bindPort);
                    ZooKeeperHaServices ha = ZooKeeperHaServices.start(config, "jm-lone", e -> {});
                    JobManager lone = new JobManager("jm-lone", rpc, ha, Duration.ofSeconds(3), EventLog.none())) {
                await().atMost(Duration.ofSeconds(20))
                        .until(() -> lone.dispatcher().getFencingToken() != null);

                Result handover = hactl(concat(common, "handover", "--stay-out", "30s"));
                assertThat(handover.exitCode())
                        .as(handover.out() + handover.err())
                        .isEqualTo(6);
                assertThat(handover.err()).contains("no new dispatcher leader within 2000 ms");

                // Back in the election after the stay-out is cut short by a new JobManager run: rejoin by hand.
                lone.stepDown(0);
                await().atMost(Duration.ofSeconds(20))
                        .until(() -> lone.dispatcher().getFencingToken() != null);
                // Its RPC port stops answering while its ZooKeeper session (and so its leader information) lives on.
                link.cut();
                Result jobs = hactl(concat(common, "jobs"));
                assertThat(jobs.exitCode()).as(jobs.out() + jobs.err()).isEqualTo(5);
                assertThat(jobs.err()).contains("dispatcher leader");
            } finally {
                rpc.closeAsync().get(30, TimeUnit.SECONDS);
            }
        }
    }

    private static String[] concat(String[] a, String... b) {
        String[] all = new String[a.length + b.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
