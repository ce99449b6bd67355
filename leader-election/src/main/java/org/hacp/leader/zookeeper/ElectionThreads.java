package org.hacp.leader.zookeeper;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.BiConsumer;
import org.hacp.threads.DaemonThreads;

/**
 * The three threads of one process's elections (see {@code package-info} for what each owns).
 *
 * @param events latch callbacks, election state changes, grants and revokes, in order; never waits on ZooKeeper
 * @param io every call that may wait on ZooKeeper: ownership checks, epoch minting, publishing, clean-up
 * @param watchdog the periodic latch liveness check (its reads may wait on ZooKeeper too)
 */
record ElectionThreads(ExecutorService events, ExecutorService io, ScheduledExecutorService watchdog) {

    static ElectionThreads forParticipant(String participantId) {
        return new ElectionThreads(
                DaemonThreads.single("hacp-leader-election-" + participantId),
                DaemonThreads.single("hacp-leader-io-" + participantId),
                DaemonThreads.scheduled("hacp-leader-watchdog-" + participantId));
    }

    /**
     * Runs {@code call} on the io thread and hands its result or failure to {@code then} on the
     * event thread. Dropped silently once the threads are shut down (the driver is closed).
     */
    <T> void onIoThenEvents(Callable<T> call, BiConsumer<T, Exception> then) {
        execute(io, () -> {
            T result = null;
            Exception failure = null;
            try {
                result = call.call();
            } catch (Exception e) {
                failure = e;
            }
            T r = result;
            Exception f = failure;
            execute(events, () -> then.accept(r, f));
        });
    }

    /** Runs {@code task} on the event thread unless the driver is closed. */
    void onEvents(Runnable task) {
        execute(events, task);
    }

    /** Runs {@code task} on the io thread unless the driver is closed. */
    void onIo(Runnable task) {
        execute(io, task);
    }

    void shutdown() {
        watchdog.shutdownNow();
        events.shutdown();
        io.shutdown();
    }

    private static void execute(ExecutorService executor, Runnable task) {
        try {
            executor.execute(task);
        } catch (RejectedExecutionException e) {
            // closed: nothing may act on elections any more
        }
    }
}
