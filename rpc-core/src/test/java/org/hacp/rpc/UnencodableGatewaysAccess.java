package org.hacp.rpc;

import java.util.concurrent.TimeUnit;
import org.hacp.rpc.UnencodableGateways.ClosedPolymorphism;

/** Lets tests in other packages reach the package-private fixtures of {@link UnencodableGateways}. */
public final class UnencodableGatewaysAccess {
    private UnencodableGatewaysAccess() {}

    public static Class<? extends RpcGateway> objectParameter() {
        return UnencodableGateways.ObjectParameter.class;
    }

    public static Class<? extends RpcGateway> objectResult() {
        return UnencodableGateways.ObjectResult.class;
    }

    public static Class<? extends RpcGateway> rawList() {
        return UnencodableGateways.RawList.class;
    }

    public static Class<? extends RpcGateway> openInterface() {
        return UnencodableGateways.OpenInterfaceParameter.class;
    }

    public static Class<? extends RpcGateway> classTypeId() {
        return UnencodableGateways.ClassTypeIdParameter.class;
    }

    public static Class<? extends RpcGateway> nestedObject() {
        return UnencodableGateways.NestedObjectField.class;
    }

    public static void serveObjectParameter(RpcService service) {
        new UnencodableGateways.ObjectParameterEndpoint(service);
    }

    public static String closedShapeRoundTrip(RpcService server, RpcService client) throws Exception {
        UnencodableGateways.ClosedPolymorphismEndpoint endpoint =
                new UnencodableGateways.ClosedPolymorphismEndpoint(server);
        endpoint.start();
        ClosedPolymorphism gateway =
                client.connect(endpoint.getAddress(), ClosedPolymorphism.class).get(10, TimeUnit.SECONDS);
        return gateway.kind(new UnencodableGateways.Square(2)).get(10, TimeUnit.SECONDS);
    }
}
