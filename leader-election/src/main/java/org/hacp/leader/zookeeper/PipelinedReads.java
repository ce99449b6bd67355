package org.hacp.leader.zookeeper;

import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.api.BackgroundCallback;
import org.apache.zookeeper.data.Stat;

/**
 * Many ZooKeeper reads in about one round trip (issue 32): each read is sent in the background on
 * the client's one connection, at most {@link #IN_FLIGHT} at a time, and the caller waits for all
 * answers. Not one multi-read: its single answer of many records could pass the client's
 * {@code jute.maxbuffer}, and an answer past it drops the connection. Each path's answer is its own
 * (a missing node is {@code NONODE} there, not a failure of the rest). Blocks the calling thread;
 * the answers arrive on ZooKeeper's event thread.
 */
public final class PipelinedReads {
    /** Reads on the wire at once. */
    public static final int IN_FLIGHT = 128;
    /** How long one call may wait for its answers: Curator retries a read lost with a connection. */
    private static final long TIMEOUT_SECONDS = 60;

    /** One path's answer: ZooKeeper's result code, and the node's stat and data when it was read. */
    public record Answer(int resultCode, Stat stat, byte[] data) {}

    private PipelinedReads() {}

    /** Each path's data and stat. */
    public static Map<String, Answer> getData(CuratorFramework client, Collection<String> paths) throws Exception {
        return read(
                paths,
                (path, callback) -> client.getData().inBackground(callback).forPath(path));
    }

    /** Each path's stat (null in the answer when the node does not exist). */
    public static Map<String, Answer> checkExists(CuratorFramework client, Collection<String> paths) throws Exception {
        return read(
                paths,
                (path, callback) -> client.checkExists().inBackground(callback).forPath(path));
    }

    private interface BackgroundRead {
        void start(String path, BackgroundCallback callback) throws Exception;
    }

    private static Map<String, Answer> read(Collection<String> paths, BackgroundRead read) throws Exception {
        Map<String, Answer> answers = new ConcurrentHashMap<>();
        Semaphore inFlight = new Semaphore(IN_FLIGHT);
        CountDownLatch answered = new CountDownLatch(paths.size());
        for (String path : paths) {
            inFlight.acquire();
            read.start(path, (c, event) -> {
                answers.put(path, new Answer(event.getResultCode(), event.getStat(), event.getData()));
                inFlight.release();
                answered.countDown();
            });
        }
        if (!answered.await(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            throw new TimeoutException("reading " + paths.size() + " znodes: " + answered.getCount()
                    + " unanswered after " + TIMEOUT_SECONDS + " s");
        }
        return Map.copyOf(answers);
    }
}
