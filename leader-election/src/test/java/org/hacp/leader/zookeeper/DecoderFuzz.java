package org.hacp.leader.zookeeper;

import java.io.NotSerializableException;
import java.lang.reflect.Method;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.RandomGenerator;
import net.jqwik.api.sessions.JqwikSession;
import org.hacp.leader.LeaderInformation;
import org.hacp.leader.LeaderRetrievalException;
import org.hacp.leader.zookeeper.takeover.SessionCard;
import org.hacp.rpc.TestGateways;
import org.hacp.rpc.pekko.WireSerializer;
import org.hacp.rpc.wire.HandshakeRequest;
import org.hacp.rpc.wire.HandshakeResponse;
import org.hacp.rpc.wire.RemoteInvocation;
import org.hacp.rpc.wire.RemoteResult;
import org.hacp.rpc.wire.RpcMethod;
import org.hacp.rpc.wire.WireCodec;
import org.hacp.rpc.wire.WireDecodingException;

/**
 * A seeded fuzz of every decoder that reads bytes from outside the process: the wire envelope
 * ({@link WireSerializer}), call arguments ({@link WireCodec#decodeArguments}), leader information
 * znodes, epoch counter znodes (issue 13) and session cards (issue 16). Inputs are random bytes and valid encodings mutated
 * (flipped bytes, cuts, repeats, stray JSON tokens, deep nesting), drawn with jqwik's generators
 * from one seed, so a finding replays. Each decoder must return a value or refuse with its own
 * named exception; any other exception or error, or a decode slower than {@link #SLOW}, is a finding.
 * One instance per run; not thread-safe.
 */
final class DecoderFuzz {
    static final Duration SLOW = Duration.ofSeconds(2);

    /** What one input did to one decoder. */
    record Finding(String target, long seed, int input, String bytes, String what) {}

    /** A run: inputs tried per target, how many were refused (a named error), and the findings. */
    record Result(Map<String, int[]> triedAndRefused, List<Finding> findings) {}

    /** One decoder: returns normally or throws; {@code refusal} says which exceptions are its named errors. */
    private record Target(String name, Decoder decoder, Class<?>... refusals) {}

    @FunctionalInterface
    private interface Decoder {
        void decode(byte[] bytes) throws Exception;
    }

    private static final List<String> STRAY = List.of(
            "[", "]", "{", "}", ",", ":", "\"", "null", "1e999999999", "-0", "\\u0000", "9223372036854775808", "true");

    private final WireCodec codec = new WireCodec();
    private final WireSerializer serializer = new WireSerializer();
    private final Random random;
    private final long seed;
    private RandomGenerator<byte[]> randomBytes;
    private RandomGenerator<String> texts;
    private RandomGenerator<Long> longs;
    private final List<RpcMethod> methods = new ArrayList<>();
    /** {@code echo(String)}: the valid frames to mutate are its calls. */
    private final RpcMethod echo;

    DecoderFuzz(long seed) {
        this.seed = seed;
        this.random = new Random(seed);
        RpcMethod echoMethod = null;
        for (Method m : TestGateways.EchoGateway.class.getDeclaredMethods()) {
            RpcMethod method = codec.schemaOf(TestGateways.EchoGateway.class).forMethod(m);
            methods.add(method);
            if (m.getName().equals("echo")) {
                echoMethod = method;
            }
        }
        this.echo = echoMethod;
    }

    /** Runs every target on {@code inputsPerTarget} inputs, inside a jqwik session (its generators need one). */
    Result run(int inputsPerTarget) {
        Result[] result = new Result[1];
        JqwikSession.run(() -> result[0] = runInSession(inputsPerTarget));
        return result[0];
    }

    private Result runInSession(int inputsPerTarget) {
        Arbitrary<byte[]> bytes = Arbitraries.bytes().array(byte[].class).ofMaxSize(300);
        randomBytes = bytes.generator(300, true);
        texts = Arbitraries.strings().ofMaxLength(40).generator(40, true);
        longs = Arbitraries.longs().generator(100, true);
        Map<String, int[]> counts = new LinkedHashMap<>();
        List<Finding> findings = new ArrayList<>();
        for (Target target : targets()) {
            int[] triedRefused = counts.computeIfAbsent(target.name(), k -> new int[2]);
            for (int i = 0; i < inputsPerTarget; i++) {
                byte[] input = input(target.name());
                triedRefused[0]++;
                long start = System.nanoTime();
                try {
                    target.decoder().decode(input);
                } catch (Throwable t) {
                    if (isRefusal(target, t)) {
                        triedRefused[1]++;
                    } else {
                        findings.add(finding(target, i, input, t.toString()));
                    }
                }
                if (System.nanoTime() - start > SLOW.toNanos()) {
                    findings.add(finding(target, i, input, "took longer than " + SLOW.toMillis() + " ms"));
                }
            }
        }
        return new Result(counts, findings);
    }

    private static boolean isRefusal(Target target, Throwable t) {
        return Arrays.stream(target.refusals()).anyMatch(c -> c.isInstance(t));
    }

    private Finding finding(Target target, int i, byte[] input, String what) {
        String shown = new String(input, 0, Math.min(input.length, 120), StandardCharsets.ISO_8859_1);
        return new Finding(target.name(), seed, i, shown, what);
    }

    private List<Target> targets() {
        return List.of(
                new Target("wire-envelope", this::decodeEnvelope, NotSerializableException.class),
                new Target(
                        "call-arguments",
                        bytes -> codec.decodeArguments(methods.get(random.nextInt(methods.size())), bytes),
                        WireDecodingException.class),
                new Target(
                        "leader-information",
                        bytes -> LeaderInformationCodec.decode("/leader/fuzz/connection_info", bytes),
                        LeaderRetrievalException.class),
                new Target(
                        "epoch-counter",
                        bytes -> EpochCounter.next("/leader/fuzz/epoch", bytes),
                        CorruptEpochException.class),
                new Target(
                        "session-card",
                        bytes -> SessionCard.decode("/leader/sessions/fuzz", bytes),
                        IllegalArgumentException.class));
    }

    /** The envelope decoder, with the checks a receiver relies on for what it returns. */
    private void decodeEnvelope(byte[] bytes) throws Exception {
        String manifest = List.of("I", "R", "H", "h", "x").get(random.nextInt(5));
        Object message = serializer.fromBinary(bytes, manifest);
        if (message instanceof RemoteInvocation invocation && invocation.methodKey() == null) {
            throw new IllegalStateException("an invocation without a method key was accepted");
        }
    }

    /** A random input for {@code target}: random bytes a fifth of the time, else a mutated valid encoding. */
    private byte[] input(String target) {
        if (random.nextInt(5) == 0) {
            return randomBytes.next(random).value();
        }
        return mutate(valid(target));
    }

    private byte[] valid(String target) {
        String text = texts.next(random).value();
        long number = longs.next(random).value();
        return switch (target) {
            case "wire-envelope" ->
                serializer.toBinary(
                        switch (random.nextInt(4)) {
                            case 0 ->
                                new RemoteInvocation(
                                        number,
                                        "Gateway#m(" + text + ")",
                                        null,
                                        ("[\"" + text + "\"]").getBytes(StandardCharsets.UTF_8),
                                        true);
                            case 1 ->
                                new RemoteResult(number, random.nextBoolean(), text.getBytes(StandardCharsets.UTF_8));
                            case 2 -> new HandshakeRequest((int) number, text);
                            default ->
                                new HandshakeResponse(
                                        HandshakeResponse.Outcome.values()[
                                                random.nextInt(HandshakeResponse.Outcome.values().length)],
                                        text);
                        });
            case "call-arguments" -> codec.encodeArguments(echo, new Object[] {text}); // mutation takes it elsewhere
            case "leader-information" ->
                LeaderInformationCodec.encode(new LeaderInformation(
                        "fuzz",
                        "pekko://hacp@127.0.0.1:1/user/rpc/" + text.hashCode(),
                        UUID.randomUUID(),
                        Math.abs(number % 1000),
                        Instant.ofEpochMilli(Math.abs(number % 4_000_000_000_000L))));
            case "session-card" ->
                SessionCard.of(
                                "jm-" + text.hashCode(),
                                number,
                                Long.toString(number).getBytes(StandardCharsets.US_ASCII),
                                new InetSocketAddress("127.0.0.1", 1 + (int) Math.abs(number % 65535)))
                        .encode();
            default -> Long.toString(number).getBytes(StandardCharsets.US_ASCII);
        };
    }

    private byte[] mutate(byte[] valid) {
        byte[] out = valid.clone();
        int mutations = random.nextInt(4);
        for (int m = 0; m < mutations && out.length > 0; m++) {
            int at = random.nextInt(out.length);
            out = switch (random.nextInt(5)) {
                case 0 -> flip(out, at);
                case 1 -> Arrays.copyOf(out, at);
                case 2 ->
                    splice(out, at, STRAY.get(random.nextInt(STRAY.size())).getBytes(StandardCharsets.UTF_8));
                case 3 ->
                    splice(out, at, Arrays.copyOfRange(out, at, Math.min(out.length, at + 1 + random.nextInt(16))));
                default -> splice(out, at, "[".repeat(1 + random.nextInt(200)).getBytes(StandardCharsets.US_ASCII));
            };
        }
        return out;
    }

    private byte[] flip(byte[] bytes, int at) {
        bytes[at] ^= (byte) (1 << random.nextInt(8));
        return bytes;
    }

    private static byte[] splice(byte[] bytes, int at, byte[] inserted) {
        byte[] out = new byte[bytes.length + inserted.length];
        System.arraycopy(bytes, 0, out, 0, at);
        System.arraycopy(inserted, 0, out, at, inserted.length);
        System.arraycopy(bytes, at, out, at + inserted.length, bytes.length - at);
        return out;
    }
}
