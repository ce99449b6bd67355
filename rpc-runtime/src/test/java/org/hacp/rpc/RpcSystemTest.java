package org.hacp.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.TimeUnit;
import org.hacp.config.ConfigException;
import org.hacp.config.ConfigReader;
import org.junit.jupiter.api.Test;

/** Issue 18, item 1: RpcSystem.load finds the systems through their loaders and picks by priority or by name. */
class RpcSystemTest {

    @Test
    void autoPicksTheLoaderOfHighestPriorityWhichIsPekko() throws Exception {
        try (RpcSystem system = RpcSystem.load()) {
            assertThat(system.name()).isEqualTo("pekko");
            RpcService service = system.remoteService(TestRpcSystems.config());
            try {
                assertThat(service.getPort()).isPositive();
            } finally {
                service.closeAsync().get(30, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void aSystemIsChosenByName() {
        try (RpcSystem system = RpcSystem.load(ConfigReader.parse("hacp.rpc.system = in-memory"))) {
            assertThat(system.name()).isEqualTo("in-memory");
        }
    }

    @Test
    void anUnknownSystemIsNamedWithTheOnesThatExist() {
        assertThatThrownBy(() -> RpcSystem.load(ConfigReader.parse("hacp.rpc.system = grpc")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("hacp.rpc.system = 'grpc': no such RPC system; found [pekko, in-memory] (or auto)");
    }
}
