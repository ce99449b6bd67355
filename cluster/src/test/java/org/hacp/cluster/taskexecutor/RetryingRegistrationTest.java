package org.hacp.cluster.taskexecutor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.hacp.cluster.resourcemanager.ResourceManagerGateway;
import org.hacp.leader.LeaderInformation;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A registration retries with back-off until it succeeds, and a cancelled one stays silent (issue 29 item 2). */
class RetryingRegistrationTest {
    private static final LeaderInformation LEADER = new LeaderInformation(
            "resourcemanager",
            "pekko://hacp@127.0.0.1:1/user/rpc/resourcemanager",
            UUID.randomUUID(),
            3,
            Instant.now());
    /** A gateway that is only compared: every call on it fails. */
    private static final ResourceManagerGateway GATEWAY = (ResourceManagerGateway) Proxy.newProxyInstance(
            ResourceManagerGateway.class.getClassLoader(),
            new Class<?>[] {ResourceManagerGateway.class},
            (proxy, method, args) -> switch (method.getName()) {
                case "equals" -> proxy == args[0];
                case "hashCode" -> System.identityHashCode(proxy);
                case "toString" -> "gateway";
                default -> throw new UnsupportedOperationException(method.getName());
            });

    /** Stands for the TaskExecutor's main thread. */
    private final ExecutorService mainThread = Executors.newSingleThreadExecutor();

    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final AtomicInteger attempts = new AtomicInteger();
    private final List<ResourceManagerGateway> registered = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        mainThread.shutdownNow();
        scheduler.shutdownNow();
    }

    private RetryingRegistration registration(int failuresBeforeSuccess) {
        return new RetryingRegistration(
                "te-1",
                LEADER,
                () -> attempts.incrementAndGet() <= failuresBeforeSuccess
                        ? CompletableFuture.failedFuture(new IllegalStateException("refused"))
                        : CompletableFuture.completedFuture(GATEWAY),
                registered::add,
                mainThread,
                scheduler,
                Duration.ofMillis(1),
                Duration.ofMillis(4));
    }

    private void onMainThread(Runnable r) throws Exception {
        mainThread.submit(r).get(10, TimeUnit.SECONDS);
    }

    /** Lets every retry already scheduled reach the main thread: longer than the longest back-off, five times. */
    private void drain() throws Exception {
        for (int i = 0; i < 5; i++) {
            scheduler.schedule(() -> {}, 5, TimeUnit.MILLISECONDS).get(10, TimeUnit.SECONDS);
            onMainThread(() -> {});
        }
    }

    @Test
    void failedTriesAreRetriedUntilOneSucceedsAndTheGatewayIsReportedOnce() throws Exception {
        RetryingRegistration r = registration(5);

        onMainThread(r::start);

        await().atMost(Duration.ofSeconds(10)).until(() -> registered.size() == 1);
        assertThat(registered).containsExactly(GATEWAY);
        assertThat(attempts).hasValue(6);
        drain();
        assertThat(attempts).as("no try is left scheduled after the success").hasValue(6);
    }

    @Test
    void aCancelledRegistrationTriesNoMoreAndReportsNothing() throws Exception {
        RetryingRegistration r = registration(Integer.MAX_VALUE);
        onMainThread(r::start);
        await().atMost(Duration.ofSeconds(10)).until(() -> attempts.get() >= 3);

        onMainThread(r::cancel);
        int atCancel = attempts.get();
        drain();

        assertThat(attempts).hasValue(atCancel);
        assertThat(registered).isEmpty();
    }

    @Test
    void anOutcomeArrivingAfterTheCancelIsDropped() throws Exception {
        CompletableFuture<ResourceManagerGateway> inFlight = new CompletableFuture<>();
        RetryingRegistration r = new RetryingRegistration(
                "te-1",
                LEADER,
                () -> inFlight,
                registered::add,
                mainThread,
                scheduler,
                Duration.ofMillis(1),
                Duration.ofMillis(4));
        onMainThread(r::start);

        onMainThread(r::cancel);
        inFlight.complete(GATEWAY);
        onMainThread(() -> {});

        assertThat(registered).isEmpty();
    }
}
