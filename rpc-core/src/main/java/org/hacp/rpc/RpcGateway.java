package org.hacp.rpc;

/**
 * The remote face of an {@link RpcEndpoint}: a Java interface whose methods become RPCs.
 * Methods returning {@code CompletableFuture<T>} are asks, {@code void} methods are tells, and
 * any other return type blocks the caller until the result arrives or the ask timeout passes.
 * Every parameter and result type must be encodable by the wire format (see
 * {@code org.hacp.rpc.wire.WireTypes}); a gateway that is not is refused when it is served or
 * connected.
 */
@LocalGatewayMethods
public interface RpcGateway {

    /** The address of the endpoint behind this gateway, usable with {@link RpcService#connect}. */
    String getAddress();

    /** The advertised host name of the endpoint behind this gateway. */
    String getHostname();
}
