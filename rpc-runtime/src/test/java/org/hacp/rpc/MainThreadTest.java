package org.hacp.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.hacp.rpc.TestGateways.EchoEndpoint;
import org.hacp.rpc.TestGateways.EchoGateway;
import org.junit.jupiter.api.Test;

class MainThreadTest extends LocalServiceTestBase {

    /** Counts without synchronization and records any overlap between main-thread tasks. */
    static class ConfinedEndpoint extends EchoEndpoint {
        final AtomicInteger active = new AtomicInteger();
        final AtomicInteger overlaps = new AtomicInteger();
        int plain;

        ConfinedEndpoint(RpcService service) {
            super(service, "confined");
        }

        void bump() {
            if (active.incrementAndGet() > 1) {
                overlaps.incrementAndGet();
            }
            validateRunsInMainThread();
            int before = plain;
            Thread.onSpinWait();
            plain = before + 1;
            active.decrementAndGet();
        }

        @Override
        public CompletableFuture<Integer> increment() {
            bump();
            return CompletableFuture.completedFuture(plain);
        }

        void bumpAsync() {
            runAsync(this::bump);
        }
    }

    @Test
    void rpcsAndRunAsyncOfOneEndpointNeverOverlap() throws Exception {
        ConfinedEndpoint endpoint = new ConfinedEndpoint(service);
        endpoint.start();
        EchoGateway gateway = endpoint.getSelfGateway(EchoGateway.class);
        int threads = 8;
        int perThread = 2_000;
        ExecutorService callers = Executors.newFixedThreadPool(threads);
        Set<Integer> seen = ConcurrentHashMap.newKeySet();
        List<CompletableFuture<?>> all = new ArrayList<>();
        CountDownLatch go = new CountDownLatch(1);
        for (int t = 0; t < threads; t++) {
            all.add(CompletableFuture.runAsync(
                    () -> {
                        try {
                            go.await();
                        } catch (InterruptedException e) {
                            throw new IllegalStateException(e);
                        }
                        List<CompletableFuture<Integer>> mine = new ArrayList<>();
                        for (int i = 0; i < perThread; i++) {
                            mine.add(gateway.increment());
                            endpoint.bumpAsync();
                        }
                        mine.forEach(f -> seen.add(f.join()));
                    },
                    callers));
        }
        go.countDown();
        CompletableFuture.allOf(all.toArray(new CompletableFuture<?>[0])).get(60, TimeUnit.SECONDS);
        int last =
                endpoint.callAsync(() -> endpoint.plain, Duration.ofSeconds(10)).get(10, TimeUnit.SECONDS);
        callers.shutdownNow();

        assertThat(endpoint.overlaps).hasValue(0);
        assertThat(last).isEqualTo(2 * threads * perThread);
        assertThat(seen).hasSize(threads * perThread);
    }

    @Test
    void validateRunsInMainThreadThrowsOffTheMainThread() throws Exception {
        EchoEndpoint endpoint = new EchoEndpoint(service, "validated");
        endpoint.start();

        assertThatThrownBy(endpoint::validateRunsInMainThread)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("not its main thread");
        assertThat(endpoint.getSelfGateway(EchoGateway.class).increment().get(5, TimeUnit.SECONDS))
                .isEqualTo(1);
        assertThat(endpoint.callAsync(() -> endpoint.isRunningInMainThread(), Duration.ofSeconds(5))
                        .get(5, TimeUnit.SECONDS))
                .isTrue();
    }

    @Test
    void scheduledWorkNeverRunsBeforeItsDelay() throws Exception {
        EchoEndpoint endpoint = new EchoEndpoint(service, "scheduled");
        endpoint.start();
        Duration delay = Duration.ofMillis(150);
        List<CompletableFuture<Long>> runs = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            long scheduledAt = System.nanoTime();
            CompletableFuture<Long> elapsed = new CompletableFuture<>();
            endpoint.scheduleRunAsync(
                    () -> {
                        endpoint.validateRunsInMainThread();
                        elapsed.complete(System.nanoTime() - scheduledAt);
                    },
                    delay);
            runs.add(elapsed);
        }
        for (CompletableFuture<Long> run : runs) {
            assertThat(run.get(5, TimeUnit.SECONDS)).isGreaterThanOrEqualTo(delay.toNanos());
        }
    }

    @Test
    void callAsyncTimesOutWhenTheMainThreadIsBusy() throws Exception {
        EchoEndpoint endpoint = new EchoEndpoint(service, "busy");
        endpoint.start();
        CountDownLatch release = new CountDownLatch(1);
        endpoint.getMainThreadExecutor().execute(() -> {
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });

        CompletableFuture<String> call = endpoint.callAsync(() -> "late", Duration.ofMillis(100));
        assertThatThrownBy(() -> call.get(5, TimeUnit.SECONDS))
                .hasCauseInstanceOf(RpcTimeoutException.class)
                .hasMessageContaining("timed out after 100 ms");
        release.countDown();
        assertThat(endpoint.callAsync(() -> "fine", Duration.ofSeconds(5)).get(5, TimeUnit.SECONDS))
                .isEqualTo("fine");
    }
}
