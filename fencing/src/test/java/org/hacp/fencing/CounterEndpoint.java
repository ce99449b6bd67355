package org.hacp.fencing;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.hacp.rpc.RpcService;

/** A leader-only counter; {@link #executed} counts every fenced method body that ran. */
class CounterEndpoint extends FencedRpcEndpoint implements CounterGateway {
    final AtomicInteger executed = new AtomicInteger();
    private int value;

    CounterEndpoint(RpcService service, String id) {
        super(service, id);
    }

    @Override
    public CompletableFuture<Integer> increment() {
        executed.incrementAndGet();
        return CompletableFuture.completedFuture(++value);
    }

    @Override
    public void add(int delta) {
        executed.incrementAndGet();
        value += delta;
    }

    @Override
    public CompletableFuture<Integer> value() {
        executed.incrementAndGet();
        return CompletableFuture.completedFuture(value);
    }

    @Override
    public CompletableFuture<String> status() {
        return CompletableFuture.completedFuture("token " + getFencingToken());
    }

    @Override
    public CompletableFuture<Void> rotateToken(FencingToken next) {
        setFencingToken(next);
        return CompletableFuture.completedFuture(null);
    }

    /** Installs {@code token} (null: revoke) on the main thread, whatever the token was. */
    void become(FencingToken token) throws Exception {
        callAsyncWithoutFencing(
                        () -> {
                            setFencingToken(token);
                            return null;
                        },
                        Duration.ofSeconds(5))
                .get(5, TimeUnit.SECONDS);
    }

    /** Queues a token change without waiting for it. */
    void becomeLater(FencingToken token) {
        runAsyncWithoutFencing(() -> setFencingToken(token));
    }

    /** Blocks the main thread until {@code release} opens, so that messages queue up behind it. */
    void holdMainThread(CountDownLatch release) {
        runAsyncWithoutFencing(() -> {
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    void submitFencedWork(Runnable work) {
        runAsync(work);
    }

    void scheduleFencedWork(Runnable work, Duration delay) {
        scheduleRunAsync(work, delay);
    }

    CompletableFuture<String> callFencedWork() {
        return callAsync(() -> "ran", Duration.ofSeconds(5));
    }
}
