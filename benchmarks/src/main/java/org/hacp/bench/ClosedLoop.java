package org.hacp.bench;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Recorder;

/**
 * Keeps exactly {@code inFlight} calls outstanding (each completion issues the next) for a warm-up
 * and then a measured window; counts completions and records each call's latency.
 */
final class ClosedLoop {

    /** Completions per second and latency percentiles in microseconds. */
    record Result(double callsPerSecond, double p50Micros, double p99Micros, long failures) {}

    private final EchoCall call;
    private final int inFlight;
    private final AtomicLong completed = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private final Recorder latencies = new Recorder(3);
    private volatile boolean running = true;
    private final CountDownLatch drained;

    ClosedLoop(EchoCall call, int inFlight) {
        this.call = call;
        this.inFlight = inFlight;
        this.drained = new CountDownLatch(inFlight);
    }

    Result run(Duration warmup, Duration measure) throws InterruptedException {
        for (int i = 0; i < inFlight; i++) {
            issue();
        }
        Thread.sleep(warmup.toMillis()); // the harness's own clock: this is timing, not synchronization
        latencies.reset();
        long startCount = completed.get();
        long start = System.nanoTime();
        Thread.sleep(measure.toMillis());
        long count = completed.get() - startCount;
        long elapsed = System.nanoTime() - start;
        var histogram = latencies.getIntervalHistogram();
        running = false;
        if (!drained.await(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("calls still outstanding 30 s after the run");
        }
        return new Result(
                count * 1e9 / elapsed,
                histogram.getValueAtPercentile(50) / 1000.0,
                histogram.getValueAtPercentile(99) / 1000.0,
                failures.get());
    }

    private void issue() {
        long t0 = System.nanoTime();
        call.call("ping").whenComplete((value, failure) -> {
            latencies.recordValue(Math.max(1, System.nanoTime() - t0));
            if (failure != null) {
                failures.incrementAndGet();
            }
            completed.incrementAndGet();
            if (running) {
                issue();
            } else {
                drained.countDown();
            }
        });
    }
}
