package org.hacp.chaos.cluster;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.curator.test.InstanceSpec;
import org.hacp.chaos.clock.FakeTime;
import org.hacp.chaos.net.FaultProxy;
import org.hacp.cluster.events.EventLog;
import org.hacp.cluster.process.LocalCluster;
import org.hacp.leader.zookeeper.LeaderPaths;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The faults of a chaos cluster: process signals, network cuts through the proxies, ZooKeeper
 * server kills, latch deletion, planned handover. Every action is recorded as a {@code nemesis}
 * step (start, end or info) before or after it is taken, so the history shows when a fault held.
 */
public final class Nemesis {
    private static final Logger LOG = LoggerFactory.getLogger(Nemesis.class);
    /** The first step of every run, recorded once the cluster has settled. */
    public static final String START = "start";
    /** The step that removes every network fault. */
    public static final String HEAL = "heal";

    private final ChaosCluster chaos;
    private final NemesisSteps steps;

    Nemesis(ChaosCluster chaos, EventLog log) {
        this.chaos = chaos;
        this.steps = new NemesisSteps(log);
    }

    /** Records the start of the run with its session timeout. */
    void started(Duration sessionTimeout) {
        steps.started(sessionTimeout);
    }

    private void act(String f, String phase, Object... details) {
        steps.act(f, phase, details);
    }

    private LocalCluster cluster() {
        return chaos.localCluster();
    }

    /** SIGKILL. */
    public void kill(ChaosNode node) throws InterruptedException {
        act("kill", "start", "node", node.id);
        resumeIfPaused(node);
        cluster().kill(node.member);
    }

    /** SIGTERM: a clean stop. */
    public void terminate(ChaosNode node) throws InterruptedException {
        act("terminate", "start", "node", node.id);
        cluster().terminate(node.member);
    }

    /** Starts a stopped node again with the same id, ports and links. */
    public void restart(ChaosNode node) throws Exception {
        act("restart", "start", "node", node.id);
        chaos.launch(node).get(90, TimeUnit.SECONDS);
        act("restart", "end", "node", node.id);
    }

    /**
     * Moves {@code node}'s wall clock to the machine's plus {@code offset} (negative: behind), within
     * a second; its monotonic clock runs on untouched. Needs a cluster started with clock faults.
     */
    public void skewClock(ChaosNode node, Duration offset) throws IOException {
        if (!chaos.options().clockFaults()) {
            throw new IllegalStateException("the cluster was started without clock faults: no clock to skew");
        }
        act("clock", "start", "node", node.id, "offset-seconds", offset.toSeconds());
        FakeTime.set(chaos.clockControl(node), offset);
    }

    /** SIGSTOP: the process freezes (a long GC pause, a stalled VM). */
    public void pause(ChaosNode node) throws Exception {
        act("pause", "start", "node", node.id);
        ProcessSignals.send(node.member.pid(), "-STOP");
        node.paused = true;
    }

    /** SIGCONT. */
    public void resume(ChaosNode node) throws Exception {
        ProcessSignals.send(node.member.pid(), "-CONT");
        node.paused = false;
        act("pause", "end", "node", node.id);
    }

    private void resumeIfPaused(ChaosNode node) {
        if (node.paused) {
            try {
                resume(node);
            } catch (Exception e) {
                LOG.warn("Could not resume {}: {}", node.id, e.toString());
            }
        }
    }

    /** Resumes every paused node (before tearing the cluster down: a stopped process ignores SIGTERM). */
    void resumeAll() {
        chaos.nodes().forEach(this::resumeIfPaused);
    }

    /** The node's ZooKeeper client sees its session expire (injected through its test-only SIGUSR1 hook). */
    public void expireSession(ChaosNode node) throws Exception {
        act("session-expiry", "start", "node", node.id);
        ProcessSignals.send(node.member.pid(), "-USR1");
        act("session-expiry", "end", "node", node.id);
    }

    /** Cuts {@code node} from every ZooKeeper server (both directions, or only its requests). */
    public void cutFromZooKeeper(ChaosNode node, boolean oneWay) {
        act("partition-zk", "start", "node", node.id, "oneWay", oneWay);
        for (FaultProxy p : node.zooKeeperLinks) {
            if (oneWay) {
                p.blackhole(FaultProxy.Direction.UPSTREAM);
            } else {
                p.blackhole();
            }
        }
    }

    /**
     * The node's ZooKeeper links go down loudly: every open connection reset and every new one
     * refused, until healed. Its client is SUSPENDED at once, where a silent cut shorter than the
     * client's read timeout (2T/3) goes unnoticed (issue 30's zk-blip).
     */
    public void refuseZooKeeper(ChaosNode node) {
        act("refuse-zk", "start", "node", node.id);
        node.zooKeeperLinks.forEach(FaultProxy::refuse);
    }

    /** Nobody can send RPCs to these nodes (their own outgoing messages still reach healthy peers). */
    public void cutInbound(List<ChaosNode> cut) {
        act("partition-rpc", "start", "nodes", ids(cut));
        cut.forEach(n -> n.inbound.blackhole());
    }

    /** The node's RPC port answers as if its process were gone (every connection reset), while it lives on. */
    public void refuseInbound(ChaosNode node) {
        act("refuse-rpc", "start", "node", node.id);
        node.inbound.refuse();
    }

    /** Isolates nodes: cut from ZooKeeper and from inbound RPC. */
    public void isolate(List<ChaosNode> cut) {
        act("isolate", "start", "nodes", ids(cut));
        for (ChaosNode n : cut) {
            n.inbound.blackhole();
            n.zooKeeperLinks.forEach(FaultProxy::blackhole);
        }
    }

    private static String ids(List<ChaosNode> nodes) {
        return String.join(",", nodes.stream().map(ChaosNode::id).toList());
    }

    /** Latency with jitter on every ZooKeeper link. */
    public void zooKeeperLatency(Duration latency, Duration jitter) {
        act("latency-zk", "start", "latencyMillis", latency.toMillis(), "jitterMillis", jitter.toMillis());
        chaos.nodes().forEach(n -> n.zooKeeperLinks.forEach(p -> p.latency(latency, jitter)));
    }

    /** Resets every open connection of {@code node} (ZooKeeper and inbound RPC): messages in flight are lost. */
    public void resetConnections(ChaosNode node) {
        act("reset", "start", "node", node.id);
        node.zooKeeperLinks.forEach(FaultProxy::reset);
        node.inbound.reset();
    }

    /** Resumes every paused process and restarts every dead one. */
    public void restoreProcesses() throws Exception {
        for (ChaosNode n : chaos.nodes()) {
            resumeIfPaused(n);
            if (!n.alive()) {
                restart(n);
            }
        }
    }

    /** Removes every network fault. */
    public void heal() {
        chaos.proxies().forEach(FaultProxy::heal);
        act(HEAL, "end");
    }

    /** The ZooKeeper servers, in connect-string order. */
    public List<InstanceSpec> zooKeeperServers() {
        List<InstanceSpec> servers = new ArrayList<>();
        for (String server : cluster().zooKeeperConnectString().split(",")) {
            servers.add(
                    cluster().ensemble().serverOnPort(Integer.parseInt(server.substring(server.lastIndexOf(':') + 1))));
        }
        return servers;
    }

    /**
     * The ZooKeeper server {@code node}'s client is connected to (the one of its links with an open
     * connection), or null while it has none.
     */
    public InstanceSpec zooKeeperServerOf(ChaosNode node) {
        List<InstanceSpec> servers = zooKeeperServers();
        for (int i = 0; i < servers.size(); i++) {
            if (node.zooKeeperLinks.get(i).openConnections() > 0) {
                return servers.get(i);
            }
        }
        return null;
    }

    /** The ensemble's current ZooKeeper leader (the server that answers "leader" to the srvr command). */
    public InstanceSpec zooKeeperLeader() {
        for (InstanceSpec s : zooKeeperServers()) {
            try (Socket socket = new Socket("127.0.0.1", s.getPort())) {
                socket.setSoTimeout(2000);
                socket.getOutputStream().write("srvr".getBytes(StandardCharsets.US_ASCII));
                String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
                if (answer.contains("Mode: leader")) {
                    return s;
                }
            } catch (IOException e) {
                // down or not answering: not the leader
            }
        }
        return null;
    }

    public void killZooKeeper(InstanceSpec server) throws Exception {
        act("zk-kill", "start", "server", server.getServerId());
        cluster().ensemble().kill(server);
    }

    public void restartZooKeeper(InstanceSpec server) throws Exception {
        cluster().ensemble().restart(server);
        act("zk-kill", "end", "server", server.getServerId());
    }

    /** Deletes the latch parent and everything under it, as an operator's mistaken {@code deleteall} would (CURATOR-724). */
    public void deleteLatchParent() throws Exception {
        act("delete-latch", "start");
        chaos.observer().client().delete().deletingChildrenIfNeeded().forPath(LeaderPaths.LATCH);
        act("delete-latch", "end");
    }

    /** Asks the dispatcher leader to step down (a planned handover). */
    public void handover(Duration stayOut) throws Exception {
        steps.handover(chaos.clusterClient(), stayOut);
    }

    /** Records a free-form marker (scenario phases) in the nemesis log. */
    public void mark(String what) {
        steps.mark(what);
    }
}
