package org.hacp.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.hacp.rpc.TestGateways.EchoEndpoint;
import org.hacp.rpc.TestGateways.EchoGateway;
import org.junit.jupiter.api.Test;

class RpcEndpointLifecycleTest extends LocalServiceTestBase {

    /** Records lifecycle callbacks; onStop can be held open or made to fail. */
    static class LifecycleEndpoint extends EchoEndpoint {
        final AtomicInteger starts = new AtomicInteger();
        final AtomicInteger stops = new AtomicInteger();
        final CompletableFuture<Void> stopResult;
        final RuntimeException startFailure;
        volatile boolean startedOnMainThread;
        volatile boolean stoppedOnMainThread;

        LifecycleEndpoint(
                RpcService service, String id, CompletableFuture<Void> stopResult, RuntimeException startFailure) {
            super(service, id);
            this.stopResult = stopResult;
            this.startFailure = startFailure;
        }

        @Override
        protected void onStart() {
            startedOnMainThread = isRunningInMainThread();
            starts.incrementAndGet();
            if (startFailure != null) {
                throw startFailure;
            }
        }

        @Override
        protected CompletableFuture<Void> onStop() {
            stoppedOnMainThread = isRunningInMainThread();
            stops.incrementAndGet();
            return stopResult;
        }
    }

    @Test
    void callsBeforeStartFailWithEndpointNotStarted() {
        EchoEndpoint endpoint = new EchoEndpoint(service, "not-started");
        EchoGateway gateway = endpoint.getSelfGateway(EchoGateway.class);

        assertThatThrownBy(() -> gateway.echo("x").get(5, TimeUnit.SECONDS))
                .hasCauseInstanceOf(EndpointNotStartedException.class)
                .hasMessageContaining("not-started");

        endpoint.start();
        assertThat(gateway.echo("x").join()).isEqualTo("x");
    }

    @Test
    void onStartRunsOnMainThreadAndStopRunsOnStopOnce() throws Exception {
        LifecycleEndpoint endpoint =
                new LifecycleEndpoint(service, "lifecycle", CompletableFuture.completedFuture(null), null);
        endpoint.start();
        assertThat(endpoint.getSelfGateway(EchoGateway.class).echo("up").get(5, TimeUnit.SECONDS))
                .isEqualTo("up");

        CompletableFuture<Void> first = endpoint.closeAsync();
        CompletableFuture<Void> second = endpoint.closeAsync();
        first.get(5, TimeUnit.SECONDS);
        second.get(5, TimeUnit.SECONDS);

        assertThat(endpoint.starts).hasValue(1);
        assertThat(endpoint.stops).hasValue(1);
        assertThat(endpoint.startedOnMainThread).isTrue();
        assertThat(endpoint.stoppedOnMainThread).isTrue();
    }

    @Test
    void asyncOnStopDelaysTermination() throws Exception {
        CompletableFuture<Void> stopResult = new CompletableFuture<>();
        LifecycleEndpoint endpoint = new LifecycleEndpoint(service, "slow-stop", stopResult, null);
        endpoint.start();

        CompletableFuture<Void> termination = endpoint.closeAsync();
        Awaitility.await().atMost(5, TimeUnit.SECONDS).until(() -> endpoint.stops.get() == 1);
        assertThat(termination).isNotDone();

        stopResult.complete(null);
        termination.get(5, TimeUnit.SECONDS);
        assertThat(endpoint.stops).hasValue(1);
    }

    @Test
    void failedOnStopFailsTerminationFuture() {
        LifecycleEndpoint endpoint = new LifecycleEndpoint(
                service,
                "bad-stop",
                CompletableFuture.failedFuture(new IllegalStateException("stop went wrong")),
                null);
        endpoint.start();

        assertThatThrownBy(() -> endpoint.closeAsync().get(5, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .hasRootCauseMessage("stop went wrong");
    }

    /**
     * Issue 13, item 7: the service's termination future carries an endpoint's failed onStop;
     * issue 29 item 3: every failed stop, in both RPC systems (the in-memory one reported the first).
     */
    @Test
    void everyFailedOnStopFailsTheServiceTerminationFutureToo() {
        RpcService own = newService();
        for (String id : new String[] {"bad-stop-1", "bad-stop-2"}) {
            new LifecycleEndpoint(
                            own,
                            id,
                            CompletableFuture.failedFuture(new IllegalStateException(id + " went wrong")),
                            null)
                    .start();
        }
        Throwable closed = catchThrowable(() -> own.closeAsync().get(10, TimeUnit.SECONDS));
        assertThat(closed).isInstanceOf(ExecutionException.class);
        Throwable stoppedBadly = closed.getCause();
        assertThat(stoppedBadly)
                .hasMessageContaining("2 endpoint(s) of RPC service")
                .hasMessageContaining("failed to stop cleanly");
        List<Throwable> reported = new ArrayList<>(List.of(stoppedBadly.getCause()));
        reported.addAll(List.of(stoppedBadly.getSuppressed()));
        assertThat(reported)
                .extracting(Throwable::getMessage)
                .containsExactlyInAnyOrder("bad-stop-1 went wrong", "bad-stop-2 went wrong");
    }

    /**
     * Issue 13, item 7: a termination callback that starts another endpoint and calls it does not
     * wait for the ask timeout (60 s here); it used to, blocking the supervisor it needed.
     */
    @Test
    void anEndpointStartedInAnotherEndpointsTerminationCallbackServesAtOnce() throws Exception {
        RpcService slowAsks = TestRpcSystems.local(RpcConfig.defaults().withAskTimeout(Duration.ofSeconds(60)));
        try {
            TestGateways.EchoEndpoint first = new TestGateways.EchoEndpoint(slowAsks, "first");
            first.start();
            CompletableFuture<String> answer = first.getTerminationFuture().thenApply(done -> {
                TestGateways.EchoEndpoint second = new TestGateways.EchoEndpoint(slowAsks, "second");
                second.start();
                return second.getSelfGateway(TestGateways.EchoGateway.class)
                        .echo("hello")
                        .join();
            });
            first.closeAsync();
            assertThat(answer.get(10, TimeUnit.SECONDS)).isEqualTo("hello");
        } finally {
            slowAsks.closeAsync().get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void failedOnStartTerminatesEndpointWithThatCause() throws Exception {
        LifecycleEndpoint endpoint = new LifecycleEndpoint(
                service,
                "bad-start",
                CompletableFuture.completedFuture(null),
                new IllegalStateException("cannot start"));
        endpoint.start();

        assertThatThrownBy(() -> endpoint.getTerminationFuture().get(5, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .hasRootCauseMessage("cannot start");
        assertThat(endpoint.stops).hasValue(0);
        assertThatThrownBy(() ->
                        endpoint.getSelfGateway(EchoGateway.class).echo("x").get(5, TimeUnit.SECONDS))
                .hasCauseInstanceOf(RecipientUnreachableException.class);
    }

    @Test
    void callToTerminatedEndpointFailsFast() throws Exception {
        EchoEndpoint endpoint = new EchoEndpoint(service, "gone");
        endpoint.start();
        EchoGateway self = endpoint.getSelfGateway(EchoGateway.class);
        EchoGateway connected =
                service.connect(endpoint.getAddress(), EchoGateway.class).get(5, TimeUnit.SECONDS);
        endpoint.closeAsync().get(5, TimeUnit.SECONDS);

        // The default ask timeout is 10 s; both must fail well before it.
        assertThatThrownBy(() -> self.echo("x").get(3, TimeUnit.SECONDS))
                .hasCauseInstanceOf(RecipientUnreachableException.class);
        Awaitility.await()
                .atMost(3, TimeUnit.SECONDS)
                .untilAsserted(() -> assertThatThrownBy(
                                () -> connected.echo("x").get(3, TimeUnit.SECONDS))
                        .hasCauseInstanceOf(RecipientUnreachableException.class));
    }

    @Test
    void closingTheServiceStopsEveryEndpoint() throws Exception {
        LifecycleEndpoint a = new LifecycleEndpoint(service, "a", CompletableFuture.completedFuture(null), null);
        LifecycleEndpoint b = new LifecycleEndpoint(service, "b", CompletableFuture.completedFuture(null), null);
        a.start();
        b.start();
        EchoGateway gateway = a.getSelfGateway(EchoGateway.class);

        service.closeAsync().get(10, TimeUnit.SECONDS);

        assertThat(a.stops).hasValue(1);
        assertThat(b.stops).hasValue(1);
        assertThat(a.getTerminationFuture()).isCompleted();
        assertThat(b.getTerminationFuture()).isCompleted();
        assertThatThrownBy(() -> gateway.echo("x").get(3, TimeUnit.SECONDS))
                .hasCauseInstanceOf(RecipientUnreachableException.class);
    }

    @Test
    void endpointIdCanBeReusedAfterTermination() throws Exception {
        CompletableFuture<Void> hold = new CompletableFuture<>();
        LifecycleEndpoint first = new LifecycleEndpoint(service, "reused", hold, null);
        first.start();
        CompletableFuture<Void> terminated = first.closeAsync();

        assertThatThrownBy(() -> new EchoEndpoint(service, "reused"))
                .isInstanceOf(RpcException.class)
                .hasMessageContaining("'reused' is in use");

        hold.complete(null);
        terminated.get(5, TimeUnit.SECONDS);
        EchoEndpoint second = new EchoEndpoint(service, "reused");
        second.start();
        assertThat(second.getSelfGateway(EchoGateway.class).echo("again").get(5, TimeUnit.SECONDS))
                .isEqualTo("again");
    }

    @Test
    void invalidEndpointIdIsRefusedWithAClearMessage() {
        assertThatThrownBy(() -> new EchoEndpoint(service, "no spaces/allowed"))
                .isInstanceOf(RpcException.class)
                .hasMessageContaining("endpoint id 'no spaces/allowed' is not allowed");
    }

    @Test
    void mainThreadWorkDuringAsyncOnStopStillRuns() throws Exception {
        CountDownLatch ran = new CountDownLatch(1);
        class StopsViaMainThread extends EchoEndpoint {
            StopsViaMainThread() {
                super(service, "stop-via-main");
            }

            @Override
            protected CompletableFuture<Void> onStop() {
                return callAsync(
                        () -> {
                            ran.countDown();
                            return null;
                        },
                        Duration.ofSeconds(5));
            }
        }
        StopsViaMainThread endpoint = new StopsViaMainThread();
        endpoint.start();
        endpoint.closeAsync().get(5, TimeUnit.SECONDS);
        assertThat(ran.getCount()).isZero();
    }
}
