package org.hacp.leader.zookeeper;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.BiConsumer;
import org.hacp.threads.DaemonThreads;

/**
 * The threads of one process's elections (see {@code package-info} for what each owns).
 *
 * @param events latch callbacks, election state changes, grants and revokes, in order; never waits on ZooKeeper
 * @param io every other call that may wait on ZooKeeper: ownership checks, publishing, clean-up
 * @param mints epoch minting, one thread per component minting at once: the components one latch
 *     win grants mint side by side instead of one after the other on the io thread (~25 ms of each
 *     planned handover on the 2-core benchmark machine, issue 16)
 * @param watchdog the periodic latch liveness check (its reads may wait on ZooKeeper too)
 */
record ElectionThreads(
        ExecutorService events, ExecutorService io, ExecutorService mints, ScheduledExecutorService watchdog) {

    static ElectionThreads forParticipant(String participantId) {
        return new ElectionThreads(
                DaemonThreads.single("hacp-leader-election-" + participantId),
                DaemonThreads.single("hacp-leader-io-" + participantId),
                DaemonThreads.cached("hacp-leader-mint-" + participantId),
                DaemonThreads.scheduled("hacp-leader-watchdog-" + participantId));
    }

    /**
     * Runs {@code call} on the io thread and hands its result or failure to {@code then} on the
     * event thread. Dropped silently once the threads are shut down (the driver is closed).
     */
    <T> void onIoThenEvents(Callable<T> call, BiConsumer<T, Exception> then) {
        onThenEvents(io, call, then);
    }

    /** {@link #onIoThenEvents} on a thread of {@link #mints}. */
    <T> void onMintThenEvents(Callable<T> call, BiConsumer<T, Exception> then) {
        onThenEvents(mints, call, then);
    }

    private <T> void onThenEvents(ExecutorService executor, Callable<T> call, BiConsumer<T, Exception> then) {
        execute(executor, () -> {
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
        mints.shutdown();
    }

    private static void execute(ExecutorService executor, Runnable task) {
        try {
            executor.execute(task);
        } catch (RejectedExecutionException e) {
            // closed: nothing may act on elections any more
        }
    }
}
