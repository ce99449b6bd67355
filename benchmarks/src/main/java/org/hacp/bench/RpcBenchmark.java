package org.hacp.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.ActorRef;
import org.apache.pekko.actor.Props;
import org.hacp.fencing.FencedRpcEndpoint;
import org.hacp.fencing.FencedRpcGateway;
import org.hacp.fencing.FencingToken;
import org.hacp.rpc.RpcConfig;
import org.hacp.rpc.RpcEndpoint;
import org.hacp.rpc.RpcGateway;
import org.hacp.rpc.RpcService;
import org.hacp.rpc.RpcSystem;
import org.hacp.rpc.pekko.PekkoRpcService;
import org.hacp.threads.CommandExit;
import org.hacp.tls.ClusterCa;

/**
 * RPC throughput and latency next to raw Pekko asks, and fenced next to unfenced RPC, local and
 * over loopback Artery TCP, plain and with mutual TLS (raw asks too), in one JVM and one run. Rounds alternate baseline and RPC so drift on a shared machine hits both; the
 * report gives the median of the rounds and the ratio to the baseline.
 *
 * <p>Usage: {@code RpcBenchmark [--rounds N] [--warmup-seconds N] [--seconds N]}.
 */
public final class RpcBenchmark {

    /** The benchmarked gateway: the same echo the raw baseline does. */
    public interface EchoGateway extends RpcGateway {
        CompletableFuture<String> echo(String payload);
    }

    static final class EchoEndpoint extends RpcEndpoint implements EchoGateway {
        EchoEndpoint(RpcService service) {
            super(service, "bench-echo");
        }

        @Override
        public CompletableFuture<String> echo(String payload) {
            return CompletableFuture.completedFuture(payload);
        }
    }

    /** The same echo behind a fencing check. */
    public interface FencedEchoGateway extends FencedRpcGateway {
        CompletableFuture<String> echo(String payload);
    }

    static final class FencedEchoEndpoint extends FencedRpcEndpoint implements FencedEchoGateway {
        FencedEchoEndpoint(RpcService service) {
            super(service, "bench-fenced-echo");
        }

        void lead(FencingToken token) throws Exception {
            callAsyncWithoutFencing(
                            () -> {
                                setFencingToken(token);
                                return null;
                            },
                            Duration.ofSeconds(5))
                    .get(5, TimeUnit.SECONDS);
        }

        @Override
        public CompletableFuture<String> echo(String payload) {
            return CompletableFuture.completedFuture(payload);
        }
    }

    private record Case(String transport, String impl, int inFlight, EchoCall call) {}

    private RpcBenchmark() {}

    public static void main(String[] args) {
        CommandExit.run(() -> {
            measure(args);
            return 0;
        });
    }

    private static void measure(String[] args) throws Exception {
        int rounds = intArg(args, "--rounds", 5);
        Duration warmup = Duration.ofSeconds(intArg(args, "--warmup-seconds", 2));
        Duration measure = Duration.ofSeconds(intArg(args, "--seconds", 4));
        RpcConfig config = RpcConfig.defaults();

        // Our RPC comes from the isolated jar, as in every process (issue 18). The raw Pekko baseline
        // and the "hacp-direct" rows run on the application class path's Pekko (the same version):
        // hacp-direct against hacp-rpc is what the isolation costs.
        RpcSystem system = RpcSystem.load();
        RpcService local = system.localService(config);
        RpcService server = system.remoteService(config);
        RpcService client = system.remoteService(config);
        PekkoRpcService rawLocal = PekkoRpcService.createLocal(config);
        PekkoRpcService rawServer = PekkoRpcService.createRemote(config);
        PekkoRpcService rawClient = PekkoRpcService.createRemote(config);
        // Mutual TLS with a throwaway CA: the set-up scripts/cluster and the chaos suite run (issue 12).
        Path credentials = Files.createTempDirectory("hacp-bench-tls");
        ClusterCa ca = ClusterCa.openOrCreate(credentials, "bench");
        RpcService tlsServer = system.remoteService(config.withTls(ca.issue("server")));
        RpcService tlsClient = system.remoteService(config.withTls(ca.issue("client")));
        PekkoRpcService rawTlsServer = PekkoRpcService.createRemote(config.withTls(ca.issue("raw-server")));
        PekkoRpcService rawTlsClient = PekkoRpcService.createRemote(config.withTls(ca.issue("raw-client")));
        List<RpcService> services = List.of(
                rawTlsClient,
                rawTlsServer,
                tlsClient,
                tlsServer,
                rawClient,
                rawServer,
                rawLocal,
                client,
                server,
                local);
        try {
            List<Case> cases = cases(new Services(local, server, client, rawLocal, rawServer, rawClient), config);
            cases.addAll(tlsCases(tlsServer, tlsClient, rawTlsServer, rawTlsClient, config));
            RpcReport.print(measure(cases, rounds, warmup, measure));
        } finally {
            for (RpcService service : services) {
                service.closeAsync().get(30, TimeUnit.SECONDS);
            }
            system.close();
            try (var files = Files.list(credentials)) {
                for (Path file : files.toList()) {
                    Files.delete(file);
                }
            }
            Files.delete(credentials);
        }
    }

    /** Our services from the isolated system, and the raw baseline's on the application class path. */
    private record Services(
            RpcService local,
            RpcService server,
            RpcService client,
            PekkoRpcService rawLocal,
            PekkoRpcService rawServer,
            PekkoRpcService rawClient) {}

    /** The compared cases: raw Pekko asks next to this project's RPC and fenced RPC, locally and over Artery. */
    private static List<Case> cases(Services services, RpcConfig config) throws Exception {
        Duration timeout = config.askTimeout();
        RpcService local = services.local();
        RpcService server = services.server();
        RpcService client = services.client();
        EchoEndpoint localEndpoint = new EchoEndpoint(local);
        localEndpoint.start();
        EchoGateway localGateway =
                local.connect(localEndpoint.getAddress(), EchoGateway.class).get(10, TimeUnit.SECONDS);
        ActorRef localEcho =
                services.rawLocal().actorSystem().actorOf(Props.create(RawPekkoEcho.EchoActor.class), "raw-echo");

        EchoEndpoint remoteEndpoint = new EchoEndpoint(server);
        remoteEndpoint.start();
        EchoGateway remoteGateway =
                client.connect(remoteEndpoint.getAddress(), EchoGateway.class).get(10, TimeUnit.SECONDS);
        PekkoRpcService rawServer = services.rawServer();
        ActorRef remoteEcho = rawEcho(rawServer, services.rawClient(), config);
        EchoEndpoint directEndpoint = new EchoEndpoint(rawServer);
        directEndpoint.start();
        EchoGateway directGateway = services.rawClient()
                .connect(directEndpoint.getAddress(), EchoGateway.class)
                .get(10, TimeUnit.SECONDS);

        FencingToken token = FencingToken.mint(1);
        FencedEchoEndpoint localFenced = new FencedEchoEndpoint(local);
        localFenced.start();
        localFenced.lead(token);
        FencedEchoGateway localFencedGateway = local.connect(localFenced.getAddress(), token, FencedEchoGateway.class)
                .get(10, TimeUnit.SECONDS);
        FencedEchoEndpoint remoteFenced = new FencedEchoEndpoint(server);
        remoteFenced.start();
        remoteFenced.lead(token);
        FencedEchoGateway remoteFencedGateway = client.connect(
                        remoteFenced.getAddress(), token, FencedEchoGateway.class)
                .get(10, TimeUnit.SECONDS);

        EchoCall rawLocal = RawPekkoEcho.asker(localEcho, timeout);
        EchoCall rpcLocal = localGateway::echo;
        EchoCall rawRemote = RawPekkoEcho.asker(remoteEcho, timeout);
        EchoCall rpcRemote = remoteGateway::echo;

        // Compared cases run back to back, so each round yields a ratio measured under the same load.
        List<Case> cases = new ArrayList<>();
        for (int inFlight : new int[] {1, 64}) {
            cases.add(new Case("local", "pekko-ask", inFlight, rawLocal));
            cases.add(new Case("local", "hacp-rpc", inFlight, rpcLocal));
            if (inFlight == 64) {
                cases.add(new Case("local", "hacp-fenced", 64, localFencedGateway::echo));
            }
            cases.add(new Case("artery", "pekko-ask", inFlight, rawRemote));
            cases.add(new Case("artery", "hacp-rpc", inFlight, rpcRemote));
            cases.add(new Case("artery", "hacp-direct", inFlight, directGateway::echo));
            if (inFlight == 64) {
                cases.add(new Case("artery", "hacp-fenced", 64, remoteFencedGateway::echo));
            }
        }

        return cases;
    }

    /**
     * The echo over Artery with mutual TLS, by this project's RPC and by a raw Pekko ask: the raw
     * ask's rows show what Artery's {@code tls-tcp} itself costs each call, whatever rides on it
     * (issue 12).
     */
    private static List<Case> tlsCases(
            RpcService server,
            RpcService client,
            PekkoRpcService rawServer,
            PekkoRpcService rawClient,
            RpcConfig config)
            throws Exception {
        EchoEndpoint endpoint = new EchoEndpoint(server);
        endpoint.start();
        EchoGateway gateway =
                client.connect(endpoint.getAddress(), EchoGateway.class).get(10, TimeUnit.SECONDS);
        EchoCall rawAsk = RawPekkoEcho.asker(rawEcho(rawServer, rawClient, config), config.askTimeout());
        List<Case> cases = new ArrayList<>();
        for (int inFlight : new int[] {1, 64}) {
            cases.add(new Case("tls", "pekko-ask", inFlight, rawAsk));
            cases.add(new Case("tls", "hacp-rpc", inFlight, gateway::echo));
        }
        return cases;
    }

    /** Starts the raw echo actor on {@code server} and returns {@code client}'s reference to it. */
    private static ActorRef rawEcho(PekkoRpcService server, PekkoRpcService client, RpcConfig config) {
        server.actorSystem().actorOf(Props.create(RawPekkoEcho.EchoActor.class), "raw-echo");
        return client.actorAt("pekko://" + config.systemName() + "@" + server.getAddress() + ":" + server.getPort()
                + "/user/raw-echo");
    }

    /** Runs every case once per round, in reverse order every other round, and collects the results per case. */
    private static Map<String, List<ClosedLoop.Result>> measure(
            List<Case> cases, int rounds, Duration warmup, Duration measure) throws Exception {
        System.out.printf(
                "RPC benchmark: %d rounds x %d cases, warm-up %ds + measure %ds each, %d cores, JVM %s%n",
                rounds,
                cases.size(),
                warmup.toSeconds(),
                measure.toSeconds(),
                Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"));
        Map<String, List<ClosedLoop.Result>> results = new LinkedHashMap<>();
        for (int r = 0; r < rounds; r++) {
            List<Case> order = new ArrayList<>(cases);
            if (r % 2 == 1) {
                Collections.reverse(order);
            }
            for (Case c : order) {
                ClosedLoop.Result result = new ClosedLoop(c.call(), c.inFlight()).run(warmup, measure);
                String key = c.transport() + "|" + c.impl() + "|" + c.inFlight();
                results.computeIfAbsent(key, k -> new ArrayList<>()).add(result);
                System.out.printf(
                        "  round %d %-7s %-10s in-flight %2d: %,10.0f calls/s  p50 %7.1f us  p99 %8.1f us%s%n",
                        r + 1,
                        c.transport(),
                        c.impl(),
                        c.inFlight(),
                        result.callsPerSecond(),
                        result.p50Micros(),
                        result.p99Micros(),
                        result.failures() > 0 ? "  FAILURES " + result.failures() : "");
            }
        }
        return results;
    }

    private static int intArg(String[] args, String name, int fallback) {
        int i = Arrays.asList(args).indexOf(name);
        if (i < 0) {
            return fallback;
        }
        if (i + 1 >= args.length) {
            throw new IllegalArgumentException(name + " needs a value");
        }
        int v = Integer.parseInt(args[i + 1]);
        if (v < 1 || v > 600) {
            throw new IllegalArgumentException(name + " = " + v + " is out of range: allowed 1 .. 600");
        }
        return v;
    }
}
