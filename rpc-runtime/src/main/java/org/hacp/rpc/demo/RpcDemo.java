package org.hacp.rpc.demo;

import com.typesafe.config.ConfigFactory;
import java.io.File;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.hacp.config.ConfigReader;
import org.hacp.rpc.RpcConfig;
import org.hacp.rpc.RpcEndpoint;
import org.hacp.rpc.RpcGateway;
import org.hacp.rpc.RpcService;
import org.hacp.rpc.RpcSystem;
import org.hacp.rpc.RpcTimeout;
import org.hacp.threads.CommandExit;

/**
 * The quick-start job until the cluster lands: two RPC services talk over loopback Artery TCP and
 * show asks, tells, a remote failure, the frame-size guard, a timeout and fail-fast after stop.
 * Usage: {@code RpcDemo [hacp.conf]}.
 */
public final class RpcDemo {

    /** What the demo's "job manager" serves. */
    public interface JobGateway extends RpcGateway {
        CompletableFuture<String> submit(String jobName, int tasks);

        CompletableFuture<Integer> submitted();

        void heartbeat(String from);

        CompletableFuture<String> fail(String why);

        CompletableFuture<Integer> upload(byte[] blob);

        CompletableFuture<String> stall(@RpcTimeout Duration timeout);
    }

    static final class JobManagerEndpoint extends RpcEndpoint implements JobGateway {
        private int jobs;
        private int heartbeats;

        JobManagerEndpoint(RpcService service) {
            super(service, "jobmanager");
        }

        @Override
        public CompletableFuture<String> submit(String jobName, int tasks) {
            validateRunsInMainThread();
            jobs++;
            return CompletableFuture.completedFuture(
                    "job-" + jobs + " '" + jobName + "' accepted with " + tasks + " tasks");
        }

        @Override
        public CompletableFuture<Integer> submitted() {
            return CompletableFuture.completedFuture(jobs);
        }

        @Override
        public void heartbeat(String from) {
            heartbeats++;
        }

        @Override
        public CompletableFuture<String> fail(String why) {
            throw new IllegalStateException(why);
        }

        @Override
        public CompletableFuture<Integer> upload(byte[] blob) {
            return CompletableFuture.completedFuture(blob.length);
        }

        @Override
        public CompletableFuture<String> stall(Duration timeout) {
            return new CompletableFuture<>();
        }
    }

    private RpcDemo() {}

    public static void main(String[] args) {
        CommandExit.run(() -> {
            demo(args);
            return 0;
        });
    }

    private static void demo(String[] args) throws Exception {
        ConfigReader reader =
                args.length > 0 ? ConfigReader.of(ConfigFactory.parseFile(new File(args[0]))) : ConfigReader.defaults();
        RpcConfig config = RpcConfig.from(reader);
        RpcSystem rpcSystem = RpcSystem.load(reader);
        RpcService server = rpcSystem.remoteService(config);
        RpcService client = rpcSystem.remoteService(config);
        try {
            JobManagerEndpoint endpoint = new JobManagerEndpoint(server);
            endpoint.start();
            line("server", "serving JobGateway at " + endpoint.getAddress());

            long t0 = System.nanoTime();
            JobGateway gateway =
                    client.connect(endpoint.getAddress(), JobGateway.class).get(10, TimeUnit.SECONDS);
            line(
                    "client",
                    "connected (handshake ok) in " + ms(t0) + " ms from " + client.getAddress() + ":"
                            + client.getPort());

            asksAndTells(gateway);
            expectFailure("remote failure", gateway.fail("disk full on jobmanager"));
            expectFailure("frame guard", gateway.upload(new byte[(int) config.maxFrameSize() + 1]));
            line(
                    "frame guard",
                    "next call still fine: uploaded "
                            + gateway.upload(new byte[1024]).get(5, TimeUnit.SECONDS) + " bytes");
            expectFailure("timeout", gateway.stall(Duration.ofMillis(300)));

            endpoint.closeAsync().get(10, TimeUnit.SECONDS);
            line("server", "endpoint stopped");
            t0 = System.nanoTime();
            CompletableFuture<String> afterStop = gateway.submit("too-late", 1);
            expectFailure("fail fast", afterStop);
            line(
                    "fail fast",
                    "answered in " + ms(t0) + " ms (ask timeout is "
                            + config.askTimeout().toMillis() + " ms)");
        } finally {
            client.closeAsync().get(30, TimeUnit.SECONDS);
            server.closeAsync().get(30, TimeUnit.SECONDS);
            rpcSystem.close();
        }
        line("done", "both RPC services shut down cleanly");
    }

    /** Two asks, three tells, then a burst of asks, each line timed. */
    private static void asksAndTells(JobGateway gateway) throws Exception {
        long t0;
        t0 = System.nanoTime();
        line("ask", gateway.submit("word-count", 4).get(5, TimeUnit.SECONDS) + "  (" + us(t0) + " us)");
        line("ask", gateway.submit("page-rank", 8).get(5, TimeUnit.SECONDS));
        for (int i = 0; i < 3; i++) {
            gateway.heartbeat("taskexecutor-1");
        }
        line("tell", "3 heartbeats sent (fire and forget)");

        t0 = System.nanoTime();
        int n = 10_000;
        CompletableFuture<?>[] calls = new CompletableFuture<?>[n];
        for (int i = 0; i < n; i++) {
            calls[i] = gateway.submitted();
        }
        CompletableFuture.allOf(calls).get(30, TimeUnit.SECONDS);
        long elapsed = System.nanoTime() - t0;
        line(
                "burst",
                n + " remote asks in " + elapsed / 1_000_000 + " ms (" + (n * 1_000_000_000L / elapsed) + " calls/s)");
    }

    private static void expectFailure(String label, CompletableFuture<?> call) throws InterruptedException {
        try {
            call.get(10, TimeUnit.SECONDS);
            line(label, "UNEXPECTED: call succeeded");
        } catch (ExecutionException e) {
            line(
                    label,
                    e.getCause().getClass().getSimpleName() + ": "
                            + e.getCause().getMessage());
        } catch (TimeoutException e) {
            line(label, "UNEXPECTED: no answer within 10 s");
        }
    }

    private static void line(String label, String text) {
        System.out.printf("%-14s %s%n", "[" + label + "]", text);
    }

    private static long ms(long t0) {
        return (System.nanoTime() - t0) / 1_000_000;
    }

    private static long us(long t0) {
        return (System.nanoTime() - t0) / 1_000;
    }
}
