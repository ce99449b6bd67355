package org.hacp.rpc.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.hacp.rpc.RpcGateway;
import org.hacp.rpc.UnencodableGatewayException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Issue 13, item 6: arguments are decoded as exactly their declared types or refused with a
 * {@link WireDecodingException} naming the method; each case here was accepted before.
 */
class StrictDecodingTest {
    record Pair(int a, int b) {}

    interface Strict extends RpcGateway {
        CompletableFuture<Integer> number(int value);

        CompletableFuture<String> text(String value);

        CompletableFuture<Duration> wait(Duration value);

        CompletableFuture<Integer> pair(Pair value);
    }

    record Tree(List<Tree> children) {}

    interface Recursive extends RpcGateway {
        CompletableFuture<Integer> size(Tree tree);
    }

    private final WireCodec codec = new WireCodec();

    private RpcMethod method(String name) throws Exception {
        for (var m : Strict.class.getDeclaredMethods()) {
            if (m.getName().equals(name)) {
                return codec.schemaOf(Strict.class).forMethod(m);
            }
        }
        throw new IllegalArgumentException(name);
    }

    private Object[] decode(String name, String json) throws Exception {
        return codec.decodeArguments(method(name), json.getBytes(StandardCharsets.UTF_8));
    }

    @ParameterizedTest(name = "{0}({1}) is refused")
    @CsvSource(
            delimiter = '|',
            value = {
                "number|[1] trailing",
                "number|[1][2]",
                "number|[1.9]",
                "number|[\"1\"]",
                "number|[true]",
                "text|[1]",
                "wait|[1e1000000000]",
                "wait|[0.0000000001]",
                "wait|[\"PT5S\"]",
                "pair|[{\"a\":1,\"a\":2,\"b\":3}]",
                "pair|[{\"a\":1.5,\"b\":3}]",
            })
    void aValueNotExactlyOfTheDeclaredTypeIsRefusedNamingTheMethod(String name, String json) {
        assertThatThrownBy(() -> decode(name, json))
                .isInstanceOf(WireDecodingException.class)
                .hasMessageContaining("Strict." + name);
    }

    @Test
    void exactValuesAreRead() throws Exception {
        assertThat(decode("number", "[42]")).containsExactly(42);
        assertThat(decode("text", "[\"x\"]")).containsExactly("x");
        assertThat(decode("wait", "[5.5]")).containsExactly(Duration.ofMillis(5500));
        assertThat(decode("pair", "[{\"a\":1,\"b\":2}]")).containsExactly(new Pair(1, 2));
        byte[] written = codec.encodeArguments(method("wait"), new Object[] {Duration.ofNanos(1_000_000_001L)});
        assertThat(codec.decodeArguments(method("wait"), written)).containsExactly(Duration.ofNanos(1_000_000_001L));
    }

    @Test
    void deepNestingIsRefusedBeforeItCanExhaustAStack() {
        String deep = "[" + "[".repeat(100) + "]".repeat(100) + "]";
        assertThatThrownBy(() -> decode("pair", deep))
                .isInstanceOf(WireDecodingException.class)
                .hasMessageContaining("Strict.pair");
    }

    @Test
    void aRecursiveParameterTypeIsRefusedWhenTheGatewayIsFirstUsed() {
        assertThatThrownBy(() -> codec.schemaOf(Recursive.class))
                .isInstanceOf(UnencodableGatewayException.class)
                .hasMessageContaining("Recursive.size")
                .hasMessageContaining("contains itself");
    }
}
