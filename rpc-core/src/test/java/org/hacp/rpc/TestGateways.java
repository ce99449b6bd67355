package org.hacp.rpc;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/** Gateways and endpoints the RPC tests call. */
public final class TestGateways {
    private TestGateways() {}

    public record Item(String name, int quantity, List<String> tags) {}

    /** A record whose accessor refuses to be encoded, to tell reference passing from encoding. */
    public record Fragile(String value) {
        @Override
        public String value() {
            if ("boom".equals(value)) {
                throw new IllegalStateException("Fragile value cannot be encoded");
            }
            return value;
        }
    }

    public interface EchoGateway extends RpcGateway {
        CompletableFuture<String> echo(String value);

        CompletableFuture<Integer> add(int a, int b);

        CompletableFuture<List<Item>> items(Map<String, Item> byName);

        CompletableFuture<String> nullResult();

        CompletableFuture<String> failSync(String message);

        CompletableFuture<String> failAsync(String message);

        CompletableFuture<String> never(@RpcTimeout Duration timeout);

        CompletableFuture<byte[]> bytes(int size);

        CompletableFuture<Integer> length(byte[] payload);

        CompletableFuture<String> fragile(Fragile value);

        CompletableFuture<Integer> increment();

        void record(String value);

        int count();

        String blockingFail(String message);
    }

    /** A gateway the echo endpoint does not implement. */
    public interface OtherGateway extends RpcGateway {
        CompletableFuture<String> other();
    }

    public static class EchoEndpoint extends RpcEndpoint implements EchoGateway {
        public final AtomicInteger recorded = new AtomicInteger();
        private int counter;

        public EchoEndpoint(RpcService service, String id) {
            super(service, id);
        }

        @Override
        public CompletableFuture<String> echo(String value) {
            return CompletableFuture.completedFuture(value);
        }

        @Override
        public CompletableFuture<Integer> add(int a, int b) {
            return CompletableFuture.completedFuture(a + b);
        }

        @Override
        public CompletableFuture<List<Item>> items(Map<String, Item> byName) {
            return CompletableFuture.completedFuture(List.copyOf(new TreeMap<>(byName).values()));
        }

        @Override
        public CompletableFuture<String> nullResult() {
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public CompletableFuture<String> failSync(String message) {
            throw new IllegalArgumentException(message);
        }

        @Override
        public CompletableFuture<String> failAsync(String message) {
            return CompletableFuture.failedFuture(new IllegalStateException(message));
        }

        @Override
        public CompletableFuture<String> never(Duration timeout) {
            return new CompletableFuture<>();
        }

        @Override
        public CompletableFuture<byte[]> bytes(int size) {
            return CompletableFuture.completedFuture(new byte[size]);
        }

        @Override
        public CompletableFuture<Integer> length(byte[] payload) {
            return CompletableFuture.completedFuture(payload.length);
        }

        @Override
        public CompletableFuture<String> fragile(Fragile value) {
            return CompletableFuture.completedFuture("got it");
        }

        @Override
        public CompletableFuture<Integer> increment() {
            validateRunsInMainThread();
            return CompletableFuture.completedFuture(++counter);
        }

        @Override
        public void record(String value) {
            recorded.incrementAndGet();
        }

        @Override
        public int count() {
            return recorded.get();
        }

        @Override
        public String blockingFail(String message) {
            throw new UnsupportedOperationException(message);
        }
    }
}
