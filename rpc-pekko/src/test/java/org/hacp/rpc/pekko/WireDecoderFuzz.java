package org.hacp.rpc.pekko;

import java.io.NotSerializableException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.hacp.fuzz.DecoderFuzz;
import org.hacp.fuzz.FuzzRounds;
import org.hacp.protocol.ProtocolRange;
import org.hacp.rpc.TestGateways;
import org.hacp.rpc.wire.HandshakeRequest;
import org.hacp.rpc.wire.HandshakeResponse;
import org.hacp.rpc.wire.RemoteInvocation;
import org.hacp.rpc.wire.RemoteResult;
import org.hacp.rpc.wire.RpcMethod;
import org.hacp.rpc.wire.WireCodec;
import org.hacp.rpc.wire.WireDecodingException;

/**
 * The decoders of bytes a peer sends, as fuzz targets (issue 13): the wire envelope ({@link
 * WireSerializer}) and call arguments ({@link WireCodec#decodeArguments}) of the echo gateway.
 * {@code main} is {@code scripts/fuzz}'s long run.
 */
public final class WireDecoderFuzz {
    private WireDecoderFuzz() {}

    static List<DecoderFuzz.Target> targets() {
        WireCodec codec = new WireCodec();
        WireSerializer serializer = new WireSerializer();
        List<RpcMethod> methods = new ArrayList<>();
        RpcMethod echo = null;
        for (Method m : TestGateways.EchoGateway.class.getDeclaredMethods()) {
            RpcMethod method = codec.schemaOf(TestGateways.EchoGateway.class).forMethod(m);
            methods.add(method);
            if (m.getName().equals("echo")) {
                echo = method;
            }
        }
        RpcMethod echoMethod = echo;
        return List.of(
                new DecoderFuzz.Target(
                        "wire-envelope",
                        draws -> serializer.toBinary(envelope(draws)),
                        (bytes, random) -> decodeEnvelope(
                                serializer,
                                bytes,
                                List.of("I", "R", "H", "h", "x").get(random.nextInt(5))),
                        NotSerializableException.class),
                new DecoderFuzz.Target(
                        "call-arguments",
                        // mutation takes the echo call's arguments to the other methods' shapes
                        draws -> codec.encodeArguments(echoMethod, new Object[] {draws.text()}),
                        (bytes, random) -> codec.decodeArguments(methods.get(random.nextInt(methods.size())), bytes),
                        WireDecodingException.class));
    }

    private static Object envelope(DecoderFuzz.Draws draws) {
        String text = draws.text();
        long number = draws.number();
        return switch (draws.random().nextInt(4)) {
            case 0 ->
                new RemoteInvocation(
                        number,
                        "Gateway#m(" + text + ")",
                        null,
                        ("[\"" + text + "\"]").getBytes(StandardCharsets.UTF_8),
                        true);
            case 1 -> new RemoteResult(number, draws.random().nextBoolean(), text.getBytes(StandardCharsets.UTF_8));
            case 2 -> new HandshakeRequest(new ProtocolRange(1 + (int) (number & 0xff), 300), text);
            default -> {
                HandshakeResponse.Outcome[] outcomes = HandshakeResponse.Outcome.values();
                yield new HandshakeResponse(
                        outcomes[draws.random().nextInt(outcomes.length)], text, (int) number, (int) number);
            }
        };
    }

    /** The envelope decoder, with the checks a receiver relies on for what it returns. */
    private static void decodeEnvelope(WireSerializer serializer, byte[] bytes, String manifest) throws Exception {
        Object message = serializer.fromBinary(bytes, manifest);
        if (message instanceof RemoteInvocation invocation && invocation.methodKey() == null) {
            throw new IllegalStateException("an invocation without a method key was accepted");
        }
    }

    public static void main(String[] args) {
        FuzzRounds.run("wire", args, targets());
    }
}
