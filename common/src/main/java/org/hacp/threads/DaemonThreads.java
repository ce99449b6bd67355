package org.hacp.threads;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Named daemon threads for the project's executors: a stuck background thread must never keep a
 * process alive after its main has returned, and a thread dump must say whose thread it is.
 */
public final class DaemonThreads {
    private DaemonThreads() {}

    /**
     * A factory of daemon threads called {@code name}; when {@code numbered}, each new thread gets
     * a suffix {@code -1}, {@code -2}, ... (for pools).
     */
    public static ThreadFactory factory(String name, boolean numbered) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, numbered ? name + "-" + count.incrementAndGet() : name);
            thread.setDaemon(true);
            return thread;
        };
    }

    /** A single daemon thread called {@code name} running tasks one at a time, in order. */
    public static ExecutorService single(String name) {
        return Executors.newSingleThreadExecutor(factory(name, false));
    }

    /** A single scheduling daemon thread called {@code name}. */
    public static ScheduledExecutorService scheduled(String name) {
        return Executors.newSingleThreadScheduledExecutor(factory(name, false));
    }

    /** A cached pool of daemon threads called {@code name-N}. */
    public static ExecutorService cached(String name) {
        return Executors.newCachedThreadPool(factory(name, true));
    }

    /** Starts a daemon thread called {@code name} running {@code task}. */
    public static Thread start(String name, Runnable task) {
        Thread thread = factory(name, false).newThread(task);
        thread.start();
        return thread;
    }
}
