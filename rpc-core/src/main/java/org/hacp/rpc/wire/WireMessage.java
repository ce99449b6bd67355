package org.hacp.rpc.wire;

/**
 * Marker of every message that may cross the wire. Pekko's serialization is bound to
 * {@code org.hacp.rpc.pekko.WireSerializer} for this type only and Java serialization is off, so nothing else can be
 * sent to, or decoded from, another process.
 */
public sealed interface WireMessage
        permits RemoteInvocation, RemoteResult, HandshakeRequest, HandshakeResponse, MalformedInvocation {}
