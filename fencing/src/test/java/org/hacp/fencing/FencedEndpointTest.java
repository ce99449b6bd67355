package org.hacp.fencing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.assertj.core.api.Assertions;
import org.awaitility.Awaitility;
import org.hacp.config.ConfigReader;
import org.hacp.rpc.RpcConfig;
import org.hacp.rpc.RpcService;
import org.hacp.rpc.TestRpcSystems;
import org.hacp.rpc.inmemory.InMemoryRpcSystem;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Fenced calls judged on the receiving side, in-process and over Artery TCP. */
class FencedEndpointTest {
    /** In one process, over Artery, and between two services of the in-memory RPC system (issue 18). */
    enum Mode {
        LOCAL,
        REMOTE,
        IN_MEMORY
    }

    private static final RpcConfig CONFIG = RpcConfig.from(ConfigReader.parse("hacp.rpc.outbound-queue-size = 262144"))
            .withShutdownFlushTimeout(TestRpcSystems.QUICK_CLOSE);

    private RpcService server;
    private RpcService client;
    private CounterEndpoint endpoint;

    private CounterEndpoint start(Mode mode) {
        if (mode == Mode.IN_MEMORY) {
            InMemoryRpcSystem inMemory = new InMemoryRpcSystem();
            server = inMemory.remoteService(CONFIG);
            client = inMemory.remoteService(CONFIG);
        } else {
            server = mode == Mode.REMOTE ? TestRpcSystems.remote(CONFIG) : TestRpcSystems.local(CONFIG);
            client = mode == Mode.REMOTE ? TestRpcSystems.remote(CONFIG) : server;
        }
        endpoint = new CounterEndpoint(server, "counter");
        endpoint.start();
        return endpoint;
    }

    private CounterGateway connect(FencingToken token) throws Exception {
        return client.connect(endpoint.getAddress(), token, CounterGateway.class)
                .get(10, TimeUnit.SECONDS);
    }

    @AfterEach
    void tearDown() throws Exception {
        if (client != null && client != server) {
            client.closeAsync().get(30, TimeUnit.SECONDS);
        }
        if (server != null) {
            server.closeAsync().get(30, TimeUnit.SECONDS);
        }
    }

    private static FencingTokenException fencingFailure(CompletableFuture<?> call) {
        Throwable t = Assertions.catchThrowable(() -> call.get(10, TimeUnit.SECONDS));
        assertThat(t).isInstanceOf(ExecutionException.class);
        assertThat(t.getCause()).isInstanceOf(FencingTokenException.class);
        return (FencingTokenException) t.getCause();
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void rightTokenIsAcceptedForAsksAndTells(Mode mode) throws Exception {
        start(mode);
        FencingToken token = FencingToken.mint(3);
        endpoint.become(token);
        CounterGateway gateway = connect(token);

        assertThat(gateway.getFencingToken()).isEqualTo(token);
        assertThat(gateway.increment().get(10, TimeUnit.SECONDS)).isEqualTo(1);
        gateway.add(10);
        assertThat(gateway.value().get(10, TimeUnit.SECONDS)).isEqualTo(11);
        assertThat(endpoint.getFencingRejections().total()).isZero();
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void staleTokenIsRejectedNamingBothEpochsAndCounted(Mode mode) throws Exception {
        start(mode);
        FencingToken old = FencingToken.mint(4);
        FencingToken current = FencingToken.mint(5);
        endpoint.become(current);
        CounterGateway deposed = connect(old);

        FencingTokenException e = fencingFailure(deposed.increment());
        assertThat(e.getReason()).isEqualTo(FencingTokenException.Reason.STALE);
        assertThat(e.getReceivedEpoch()).isEqualTo(4);
        assertThat(e.getCurrentEpoch()).isEqualTo(5);
        assertThat(e).hasMessageContaining("epoch 4").hasMessageContaining("current epoch is 5");

        deposed.add(100); // a tell: dropped, but counted
        Awaitility.await()
                .atMost(10, TimeUnit.SECONDS)
                .until(() -> endpoint.getFencingRejections().total() == 2);
        FencingRejections rejections = endpoint.getFencingRejections();
        assertThat(rejections.count(FencingTokenException.Reason.STALE)).isEqualTo(2);
        assertThat(rejections.highestRejectedEpoch()).isEqualTo(4);
        assertThat(endpoint.executed).hasValue(0);
        assertThat(connect(current).value().get(10, TimeUnit.SECONDS)).isZero();
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void newerAndConflictingTokensAreRejectedWithTheirOwnReasons(Mode mode) throws Exception {
        start(mode);
        FencingToken current = FencingToken.mint(7);
        endpoint.become(current);

        FencingTokenException newer =
                fencingFailure(connect(FencingToken.mint(8)).increment());
        assertThat(newer.getReason()).isEqualTo(FencingTokenException.Reason.NEWER);
        assertThat(newer).hasMessageContaining("newer leader exists");

        FencingTokenException conflict =
                fencingFailure(connect(new FencingToken(UUID.randomUUID(), 7)).increment());
        assertThat(conflict.getReason()).isEqualTo(FencingTokenException.Reason.CONFLICTING);
        assertThat(conflict.getCurrentEpoch()).isEqualTo(7);
        assertThat(conflict.getReceivedEpoch()).isEqualTo(7);
        // Issue 12: the current token's session id is what makes a call valid; a rejection never reveals it.
        assertThat(conflict.toString() + new FencingErrorKind().toWireError(conflict))
                .doesNotContain(current.sessionId().toString());
        assertThat(newer.toString() + new FencingErrorKind().toWireError(newer))
                .doesNotContain(current.sessionId().toString());

        FencingRejections rejections = endpoint.getFencingRejections();
        assertThat(rejections.count(FencingTokenException.Reason.NEWER)).isEqualTo(1);
        assertThat(rejections.count(FencingTokenException.Reason.CONFLICTING)).isEqualTo(1);
        assertThat(rejections.highestRejectedEpoch()).isEqualTo(8);
        assertThat(endpoint.executed).hasValue(0);
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void endpointWithoutTokenIsNotLeader(Mode mode) throws Exception {
        start(mode);
        FencingTokenException e = fencingFailure(connect(FencingToken.mint(1)).increment());
        assertThat(e.getReason()).isEqualTo(FencingTokenException.Reason.NOT_LEADER);
        assertThat(e.getCurrentEpoch()).isEqualTo(-1);
        assertThat(e).hasMessageContaining("is not the leader");

        FencingToken granted = FencingToken.mint(2);
        endpoint.become(granted);
        endpoint.become(null); // revoked
        assertThat(fencingFailure(connect(granted).increment()).getReason())
                .isEqualTo(FencingTokenException.Reason.NOT_LEADER);
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void unfencedConnectIsRejectedExceptForUnfencedMethods(Mode mode) throws Exception {
        start(mode);
        FencingToken token = FencingToken.mint(1);
        endpoint.become(token);
        CounterGateway withoutToken =
                client.connect(endpoint.getAddress(), CounterGateway.class).get(10, TimeUnit.SECONDS);

        FencingTokenException e = fencingFailure(withoutToken.increment());
        assertThat(e.getReason()).isEqualTo(FencingTokenException.Reason.MISSING_TOKEN);
        assertThat(e).hasMessageContaining("carries no fencing token");
        assertThat(withoutToken.status().get(10, TimeUnit.SECONDS)).contains("epoch 1");
        endpoint.become(null);
        assertThat(withoutToken.status().get(10, TimeUnit.SECONDS)).isEqualTo("token null");
        assertThat(endpoint.executed).hasValue(0);
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void callsAreJudgedByTheTokenCurrentWhenTheyAreProcessed(Mode mode) throws Exception {
        start(mode);
        FencingToken first = FencingToken.mint(1);
        FencingToken second = FencingToken.mint(2);
        endpoint.become(first);
        CounterGateway oldLeader = connect(first);
        CounterGateway newLeader = connect(second);

        // One caller, one recipient: delivery order is guaranteed (in-process and over Artery), so the
        // rotation lands exactly between the two batches, all of them sent before any was processed.
        List<CompletableFuture<Integer>> before = new ArrayList<>();
        List<CompletableFuture<Integer>> after = new ArrayList<>();
        List<CompletableFuture<Integer>> byNewLeader = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            before.add(oldLeader.increment());
        }
        CompletableFuture<Void> rotated = oldLeader.rotateToken(second);
        for (int i = 0; i < 5; i++) {
            after.add(oldLeader.increment());
            byNewLeader.add(newLeader.increment());
        }

        rotated.get(10, TimeUnit.SECONDS);
        for (CompletableFuture<Integer> call : before) {
            assertThat(call.get(10, TimeUnit.SECONDS)).isBetween(1, 5);
        }
        for (CompletableFuture<Integer> call : after) {
            assertThat(fencingFailure(call).getReason()).isEqualTo(FencingTokenException.Reason.STALE);
        }
        for (CompletableFuture<Integer> call : byNewLeader) {
            assertThat(call.get(10, TimeUnit.SECONDS)).isBetween(6, 10);
        }
        assertThat(endpoint.executed).hasValue(10);
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void oldTokenCallsQueuedBehindAChangeAreRejected(Mode mode) throws Exception {
        start(mode);
        FencingToken first = FencingToken.mint(1);
        endpoint.become(first);
        CounterGateway oldLeader = connect(first);
        CountDownLatch release = new CountDownLatch(1);

        endpoint.holdMainThread(release);
        endpoint.becomeLater(FencingToken.mint(2)); // queued first, so processed before every call below
        List<CompletableFuture<Integer>> calls = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            calls.add(oldLeader.increment()); // sent while epoch 1 is still current
        }
        release.countDown();

        for (CompletableFuture<Integer> call : calls) {
            assertThat(fencingFailure(call).getReason()).isEqualTo(FencingTokenException.Reason.STALE);
        }
        assertThat(endpoint.executed).hasValue(0);
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void randomTokensNeverGetACallExecuted(Mode mode) throws Exception {
        start(mode);
        FencingToken current = FencingToken.mint(1_000);
        endpoint.become(current);
        Random random = new Random(42);
        List<CompletableFuture<Integer>> calls = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            long epoch = switch (random.nextInt(3)) {
                case 0 -> random.nextInt(1_000);
                case 1 -> 1_000;
                default -> 1_001 + random.nextInt(1_000_000);
            };
            CounterGateway gateway = connect(new FencingToken(UUID.randomUUID(), epoch));
            calls.add(gateway.increment());
            gateway.add(1);
        }
        for (CompletableFuture<Integer> call : calls) {
            fencingFailure(call);
        }
        Awaitility.await()
                .atMost(10, TimeUnit.SECONDS)
                .until(() -> endpoint.getFencingRejections().total() == 600);
        assertThat(endpoint.executed).hasValue(0);
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void floodOfStaleTellsDoesNotStallAValidAsk(Mode mode) throws Exception {
        start(mode);
        FencingToken stale = FencingToken.mint(1);
        FencingToken current = FencingToken.mint(2);
        endpoint.become(current);
        CounterGateway deposed = connect(stale);
        CounterGateway leader = connect(current);

        for (int i = 0; i < 100_000; i++) {
            deposed.add(1);
        }
        long start = System.nanoTime();
        assertThat(leader.increment().get(30, TimeUnit.SECONDS)).isEqualTo(1);
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(endpoint.getFencingRejections().count(FencingTokenException.Reason.STALE))
                .isEqualTo(100_000);
        assertThat(endpoint.executed).hasValue(1);
        System.out.printf("%s: valid ask behind 100,000 stale tells answered in %d ms%n", mode, took.toMillis());
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void mainThreadWorkUnderAnOldTokenNeverRunsUnderTheNewOne(Mode mode) throws Exception {
        start(mode);
        endpoint.become(FencingToken.mint(1));
        AtomicInteger ran = new AtomicInteger();
        CountDownLatch release = new CountDownLatch(1);

        endpoint.holdMainThread(release);
        endpoint.becomeLater(FencingToken.mint(2)); // processed before the work below
        endpoint.submitFencedWork(ran::incrementAndGet); // captured epoch 1
        CompletableFuture<String> call = endpoint.callFencedWork(); // captured epoch 1
        endpoint.scheduleFencedWork(ran::incrementAndGet, Duration.ofMillis(100)); // captured epoch 1
        CounterGateway self = endpoint.getSelfGateway(CounterGateway.class);
        CompletableFuture<Integer> selfCall = self.increment(); // self gateway: epoch 1 at call time
        release.countDown();

        assertThat(fencingFailure(call).getReason()).isEqualTo(FencingTokenException.Reason.STALE);
        assertThat(fencingFailure(selfCall).getReason()).isEqualTo(FencingTokenException.Reason.STALE);
        Awaitility.await()
                .atMost(10, TimeUnit.SECONDS)
                .until(() -> endpoint.getFencingRejections().discardedMainThreadWork() == 3);
        assertThat(ran).hasValue(0);

        endpoint.submitFencedWork(ran::incrementAndGet); // epoch 2 now
        assertThat(self.increment().get(10, TimeUnit.SECONDS)).isEqualTo(1);
        Awaitility.await().atMost(10, TimeUnit.SECONDS).until(() -> ran.get() == 1);
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void rejectionsNeverCrashTheEndpoint(Mode mode) throws Exception {
        start(mode);
        FencingToken token = FencingToken.mint(9);
        endpoint.become(token);
        CounterGateway leader = connect(token);
        for (int round = 0; round < 3; round++) {
            try {
                connect(FencingToken.mint(round)).increment().join();
            } catch (CompletionException expected) {
                assertThat(expected.getCause()).isInstanceOf(FencingTokenException.class);
            }
            assertThat(leader.increment().get(10, TimeUnit.SECONDS)).isEqualTo(round + 1);
        }
    }
}
