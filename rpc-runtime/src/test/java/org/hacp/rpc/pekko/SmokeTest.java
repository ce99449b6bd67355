package org.hacp.rpc.pekko;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.hacp.rpc.RpcConfig;
import org.hacp.rpc.TestGateways.EchoEndpoint;
import org.hacp.rpc.TestGateways.EchoGateway;
import org.junit.jupiter.api.Test;

class SmokeTest {
    @Test
    void localAndRemoteEcho() throws Exception {
        PekkoRpcService a = PekkoRpcService.createRemote(RpcConfig.defaults());
        PekkoRpcService b = PekkoRpcService.createRemote(RpcConfig.defaults());
        try {
            EchoEndpoint e = new EchoEndpoint(a, "echo");
            e.start();
            EchoGateway self = e.getSelfGateway(EchoGateway.class);
            assertThat(self.echo("hi").get()).isEqualTo("hi");
            EchoGateway remote = b.connect(e.getAddress(), EchoGateway.class).get();
            assertThat(remote.echo("there").get()).isEqualTo("there");
            assertThat(remote.add(2, 3).get()).isEqualTo(5);
            System.out.println("ADDRESS " + e.getAddress());
        } finally {
            b.closeAsync().get();
            a.closeAsync().get();
        }
    }
}
