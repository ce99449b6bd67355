package org.hacp.rpc;

import java.nio.file.Path;
import org.hacp.rpc.TestGateways.EchoEndpoint;
import org.hacp.tls.ClusterCa;

/**
 * A peer in a process of its own for {@link ServiceCloseIT}: an echo endpoint on a mutual-TLS
 * service with a certificate of the CA in {@code args[0]}; prints {@code ADDRESS <address>} and
 * serves until killed or its standard input ends.
 */
public final class EchoPeerMain {
    private EchoPeerMain() {}

    public static void main(String[] args) throws Exception {
        ClusterCa ca = ClusterCa.openOrCreate(Path.of(args[0]), "close-test");
        RpcService service = TestRpcSystems.remote(RpcConfig.defaults().withTls(ca.issue("peer")));
        EchoEndpoint echo = new EchoEndpoint(service, "echo");
        echo.start();
        System.out.println("ADDRESS " + echo.getAddress());
        System.out.flush();
        while (System.in.read() >= 0) {
            // serve until the test closes our standard input or kills us
        }
        System.exit(0);
    }
}
