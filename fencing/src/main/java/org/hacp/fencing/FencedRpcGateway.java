package org.hacp.fencing;

import org.hacp.rpc.CallToken;
import org.hacp.rpc.LocalGatewayMethods;
import org.hacp.rpc.RpcGateway;

/**
 * A gateway to a leader-only endpoint. A proxy obtained with
 * {@code rpcService.connect(address, token, Gateway.class)} attaches {@code token} to every call,
 * ask and tell alike; the endpoint runs the call only if it is its current token.
 */
@LocalGatewayMethods
public interface FencedRpcGateway extends RpcGateway {

    /** The token this proxy attaches to its calls (a self gateway: its endpoint's current token). */
    @CallToken
    FencingToken getFencingToken();
}
