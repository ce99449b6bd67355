package org.hacp.cluster.resourcemanager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import org.hacp.rpc.wire.RpcMethod;
import org.hacp.rpc.wire.WireCodec;
import org.hacp.rpc.wire.WireDecodingException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Issue 12, item 4: a registration is checked as it is decoded, so a peer cannot register a fake
 * TaskExecutor with 2^31 slots or make the ResourceManager dial an address of its choosing.
 */
class FencedInputsTest {
    private final WireCodec codec = new WireCodec();

    private Object[] decodeRegistration(String json) throws Exception {
        Method register = ResourceManagerGateway.class.getMethod(
                "registerTaskExecutor", ResourceManagerGateway.TaskExecutorRegistration.class);
        RpcMethod method = codec.schemaOf(ResourceManagerGateway.class).forMethod(register);
        return codec.decodeArguments(method, ("[" + json + "]").getBytes(StandardCharsets.UTF_8));
    }

    private static String registration(String id, String address, long slots) {
        return registration(id, address, slots, ",\"protocols\":{\"min\":1,\"max\":1}");
    }

    private static String registration(String id, String address, long slots, String protocols) {
        return "{\"taskExecutorId\":\"" + id + "\",\"address\":\"" + address + "\",\"slots\":" + slots
                + ",\"runningTasks\":[]" + protocols + "}";
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "slots = 2147483647|te-1|pekko://hacp@127.0.0.1:6123/user/rpc/taskexecutor-1|2147483647",
                "slots = 0|te-1|pekko://hacp@127.0.0.1:6123/user/rpc/taskexecutor-1|0",
                "is not an endpoint address|te-1|http://169.254.169.254/latest/meta-data|2",
                "is not an endpoint address|te-1|pekko://hacp@evil:1/user/other/x|2",
                "TaskExecutor id '../x' is not allowed|../x|pekko://hacp@127.0.0.1:6123/user/rpc/x|2",
            })
    void aBadRegistrationIsRefusedWhileItIsDecodedNamingWhatIsWrong(
            String named, String id, String address, long slots) {
        assertThatThrownBy(() -> decodeRegistration(registration(id, address, slots)))
                .isInstanceOf(WireDecodingException.class)
                .hasMessageContaining("registerTaskExecutor")
                .hasMessageContaining(named);
    }

    @Test
    void aGoodRegistrationIsRead() throws Exception {
        Object[] args =
                decodeRegistration(registration("te-1", "pekko://hacp@127.0.0.1:6123/user/rpc/taskexecutor-1", 4));
        assertThat(((ResourceManagerGateway.TaskExecutorRegistration) args[0]).slots())
                .isEqualTo(4);
    }

    /** Issue 31: a registration names the protocol versions the TaskExecutor speaks, a range that is one. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "must name the protocol versions it speaks|''",
                "protocol range 3..2|,\"protocols\":{\"min\":3,\"max\":2}",
                "protocol range 0..1|,\"protocols\":{\"min\":0,\"max\":1}",
            })
    void aRegistrationWithoutAProtocolRangeIsRefusedWhileItIsDecoded(String named, String protocols) {
        assertThatThrownBy(() -> decodeRegistration(
                        registration("te-1", "pekko://hacp@127.0.0.1:6123/user/rpc/taskexecutor-1", 2, protocols)))
                .isInstanceOf(WireDecodingException.class)
                .hasMessageContaining("registerTaskExecutor")
                .hasMessageContaining(named);
    }
}
