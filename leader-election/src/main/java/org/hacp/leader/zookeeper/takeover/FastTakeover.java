package org.hacp.leader.zookeeper.takeover;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.api.CuratorWatcher;
import org.apache.curator.framework.state.ConnectionStateListener;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.data.Stat;
import org.hacp.leader.LeaderDetection;
import org.hacp.leader.zookeeper.LeaderPaths;
import org.hacp.threads.DaemonThreads;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replaces a crashed leader without waiting for ZooKeeper to expire its session (issue 16).
 *
 * <p>Each participant publishes a {@link SessionCard} for every ZooKeeper session it has. A
 * standby holds one silent TCP connection to the RPC port of the participant that heads the latch.
 * When that connection ends, it probes the port {@code confirm-probes} times; if every probe finds
 * nothing listening ({@link PortProbe.Answer#GONE}: the host is up, the process is not) and the same
 * session still heads the latch, it closes that session with the card's credentials
 * ({@link SessionCloser}), having deleted its latch node first so that the next in line wins at
 * once; ZooKeeper deletes the session's other nodes as on expiry. Silence (a host crash, a partition, a frozen process whose kernel still
 * accepts) never leads to a takeover: the session timeout applies as before. Why a wrong
 * suspicion is safe is written in the leader-election README.
 *
 * <p>A participant that finds a card of its own participant id with its own address but another
 * session closes that session too: it is its previous run, since this process now holds the
 * address (a leader restarted by its supervisor need not wait for its old session to expire).
 *
 * <p>Threads: everything runs on one thread, {@code hacp-leader-takeover-<participant>}, which owns
 * our {@link SessionCards} and the probing; the latch watch and the connection-state listener only
 * set {@code latchChanged}, release a wake-up and close the held connection (thread-safe), so a
 * blocked read returns at once. Close: stops the thread within the connect and ZooKeeper timeouts;
 * a session close under way is finished, never half-done (the server does it atomically).
 */
public final class FastTakeover implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(FastTakeover.class);
    /** Lifecycle, changed by compare-and-set. */
    enum State {
        LATENT,
        STARTED,
        CLOSED
    }

    /** The latch's first node and the session that owns it. */
    private record Head(String path, long session) {}

    private final CuratorFramework client;
    private final String participantId;
    private final InetSocketAddress ownAddress;
    private final FastTakeoverSettings settings;
    private final TakeoverSchedule schedule;
    private final PortProbe probe;
    private final SessionCloser closer;
    private final SessionCards cards;
    private final AtomicReference<State> state = new AtomicReference<>(State.LATENT);
    private final Semaphore wakeups = new Semaphore(0);
    private final AtomicBoolean latchChanged = new AtomicBoolean();
    private final AtomicBoolean latchWatchSet = new AtomicBoolean();
    private final AtomicLong sessionsClosed = new AtomicLong();
    private final CuratorWatcher latchWatcher = event -> {
        latchWatchSet.set(false);
        wake();
    };
    private final ConnectionStateListener connectionListener = (c, newState) -> wake();
    private volatile Socket held;
    private volatile Thread thread;
    /** Whether the last step failed, so that repeats are logged at debug only. Takeover thread. */
    private boolean failing;

    /**
     * @param ownAddress this process's RPC address as its peers reach it (the port probed)
     */
    public FastTakeover(
            CuratorFramework client,
            String participantId,
            InetSocketAddress ownAddress,
            FastTakeoverSettings settings,
            TakeoverSchedule schedule) {
        this.client = client;
        this.participantId = participantId;
        this.ownAddress = ownAddress;
        this.settings = settings;
        this.schedule = schedule;
        this.probe = new PortProbe(schedule.connectTimeout(), schedule.settle());
        this.closer = new SessionCloser(client, schedule.closeTimeout());
        this.cards = new SessionCards(client, participantId, ownAddress, closer, sessionsClosed);
    }

    /** Publishes this session's card (on the caller's thread, so a leader has one before it can win) and starts. */
    public void start() {
        if (!state.compareAndSet(State.LATENT, State.STARTED)) {
            throw new IllegalStateException("fast takeover was already started");
        }
        try {
            cards.publishIfNewSession();
        } catch (Exception e) {
            LOG.warn(
                    "Participant '{}': could not publish its session card yet ({}); retrying",
                    participantId,
                    e.toString());
        }
        client.getConnectionStateListenable().addListener(connectionListener);
        thread = DaemonThreads.start("hacp-leader-takeover-" + participantId, this::run);
        LOG.info(
                "Participant '{}': fast takeover on ({} probes {} ms apart; its own RPC port {} is what standbys probe)",
                participantId,
                settings.confirmProbes(),
                settings.probeInterval().toMillis(),
                ownAddress.getHostString() + ":" + ownAddress.getPort());
    }

    private void run() {
        while (state.get() == State.STARTED) {
            try {
                wakeups.drainPermits();
                step();
                failing = false;
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                if (state.get() != State.STARTED) {
                    return;
                }
                if (!failing) {
                    LOG.warn(
                            "Participant '{}': fast takeover check failed ({}); retrying every {} ms",
                            participantId,
                            e.toString(),
                            schedule.recheck().toMillis());
                } else {
                    LOG.debug("Participant '{}': fast takeover check failed again: {}", participantId, e.toString());
                }
                failing = true;
                pause(schedule.recheck());
            }
        }
    }

    private void step() throws Exception {
        if (!client.getZookeeperClient().isConnected()) {
            pause(schedule.recheck());
            return;
        }
        cards.publishIfNewSession();
        long ownSession = client.getZookeeperClient().getZooKeeper().getSessionId();
        Head head = readHead();
        if (head == null || head.session() == ownSession) {
            pause(schedule.recheck());
            return;
        }
        SessionCard card = cards.read(head.session());
        if (card == null) {
            pause(schedule.recheck()); // a participant without fast takeover: its session timeout applies
            return;
        }
        latchChanged.set(false);
        PortProbe.Attempt first = probe.attempt(card.address());
        switch (first.answer()) {
            case ALIVE -> {
                if (holdUntilClosed(first.socket())) {
                    confirmAndClose(head, card, null, System.nanoTime());
                }
            }
            case GONE -> confirmAndClose(head, card, first.detail(), System.nanoTime());
            case SILENT -> pause(schedule.recheck());
        }
    }

    /**
     * Holds {@code socket} open and silent until the other side closes it (true) or the latch
     * changed, we are closing or a periodic re-check is due (false).
     */
    private boolean holdUntilClosed(Socket socket) throws IOException {
        held = socket;
        try (socket) {
            socket.setSoTimeout((int) schedule.recheck().toMillis());
            InputStream in = socket.getInputStream();
            for (int timeouts = 0; timeouts < schedule.holdRechecks(); ) {
                if (latchChanged.get() || state.get() != State.STARTED) {
                    return false;
                }
                try {
                    if (in.read() < 0) {
                        return true;
                    }
                } catch (SocketTimeoutException quiet) {
                    timeouts++;
                } catch (SocketException reset) {
                    return !latchChanged.get() && state.get() == State.STARTED;
                }
            }
            return false;
        } finally {
            held = null;
        }
    }

    /** Probes until {@code confirm-probes} in a row found the port gone; then ends the head's session. */
    private void confirmAndClose(Head head, SessionCard card, String firstSeen, long suspected) throws Exception {
        long started = System.nanoTime();
        List<String> seen = new ArrayList<>();
        if (firstSeen != null) {
            seen.add(firstSeen + " at 0 ms");
        }
        for (int gone = seen.size(); gone < settings.confirmProbes(); gone++) {
            if (gone > 0 && pause(settings.probeInterval())) {
                return; // the latch changed (or we close): look again from the start
            }
            PortProbe.Attempt next = probe.attempt(card.address());
            seen.add(next.detail() + " at " + (System.nanoTime() - started) / 1_000_000 + " ms");
            if (next.answer() != PortProbe.Answer.GONE) {
                PortProbe.closeQuietly(next.socket());
                LOG.info(
                        "Participant '{}': leader '{}' at {}:{} {} on probe {} after its connection ended; no takeover",
                        participantId,
                        card.participant(),
                        card.host(),
                        card.port(),
                        next.answer() == PortProbe.Answer.ALIVE ? "answers again" : "is silent (" + next.detail() + ")",
                        gone + 1);
                if (next.answer() == PortProbe.Answer.SILENT) {
                    pause(schedule.recheck());
                }
                return;
            }
        }
        if (!head.equals(readHead())) {
            return; // someone else (or the session timeout) was quicker
        }
        // The latch node first, over our own connection (a few ms): the next in line wins at once.
        // Then the session, which takes its other ephemeral nodes with it as expiry would (its leader
        // information is replaced by the new leader anyway); attaching to it costs a connection and
        // a SASL login (~140 ms with TLS measured here).
        long confirmed = System.nanoTime();
        lastDetection = new LeaderDetection(suspected, confirmed);
        sessionsClosed.incrementAndGet(); // counted before the successor can win: whoever sees it lead sees this
        try {
            client.delete().forPath(head.path());
        } catch (KeeperException.NoNodeException alreadyGone) {
            // another standby, or the session's end, was quicker
        }
        long deleted = System.nanoTime();
        SessionCloser.Outcome outcome = closer.close(card);
        LOG.warn(
                "Participant '{}': leader '{}' is gone: its RPC port {}:{} answered {} while its ZooKeeper session 0x{} "
                        + "still headed the latch; deleted its latch node in {} ms and {} in {} ms, so the next in line "
                        + "takes over now, not after the session timeout",
                participantId,
                card.participant(),
                card.host(),
                card.port(),
                String.join(", ", seen),
                Long.toHexString(card.session()),
                (deleted - confirmed) / 1_000_000,
                outcome == SessionCloser.Outcome.CLOSED ? "closed its session" : "found its session already ended",
                (System.nanoTime() - deleted) / 1_000_000);
    }

    private Head readHead() throws Exception {
        List<String> children;
        try {
            if (latchWatchSet.compareAndSet(false, true)) {
                try {
                    children = client.getChildren().usingWatcher(latchWatcher).forPath(LeaderPaths.LATCH);
                } catch (Exception e) {
                    latchWatchSet.set(false);
                    throw e;
                }
            } else {
                children = client.getChildren().forPath(LeaderPaths.LATCH);
            }
        } catch (KeeperException.NoNodeException e) {
            return null;
        }
        Optional<String> first = children.stream().min(LeaderPaths.LATCH_ORDER);
        if (first.isEmpty()) {
            return null;
        }
        String path = LeaderPaths.LATCH + "/" + first.get();
        Stat stat = client.checkExists().forPath(path);
        return stat == null ? null : new Head(path, stat.getEphemeralOwner());
    }

    private volatile LeaderDetection lastDetection;

    /** The last crashed leader this process detected, if any; any thread. */
    public Optional<LeaderDetection> lastDetection() {
        return Optional.ofNullable(lastDetection);
    }

    /** How many sessions this process has ended early: crashed leaders' and its own previous runs'. */
    public long sessionsClosed() {
        return sessionsClosed.get();
    }

    /** Waits up to {@code duration}; true if woken early (the latch or the connection changed, or closing). */
    private boolean pause(Duration duration) {
        try {
            return wakeups.tryAcquire(duration.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }

    /** Any thread: makes the takeover thread look at the latch again at once. */
    private void wake() {
        latchChanged.set(true);
        wakeups.release();
        PortProbe.closeQuietly(held);
    }

    @Override
    public void close() {
        if (state.getAndSet(State.CLOSED) != State.STARTED) {
            return;
        }
        client.getConnectionStateListenable().removeListener(connectionListener);
        wake();
        Thread t = thread;
        if (t != null) {
            try {
                t.join(schedule.connectTimeout().plus(schedule.closeTimeout()).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
