package org.hacp.rpc.pekko;

import java.io.NotSerializableException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.pekko.serialization.ByteBufferSerializer;
import org.apache.pekko.serialization.SerializerWithStringManifest;
import org.hacp.protocol.ProtocolRange;
import org.hacp.rpc.wire.HandshakeRequest;
import org.hacp.rpc.wire.HandshakeResponse;
import org.hacp.rpc.wire.MalformedInvocation;
import org.hacp.rpc.wire.RemoteInvocation;
import org.hacp.rpc.wire.RemoteResult;
import org.hacp.rpc.wire.WireMessage;

/**
 * Pekko serializer for {@link WireMessage}s: a small versioned binary envelope around
 * already-encoded JSON payloads. It is the only serializer bound for application messages;
 * decoding reads lengths defensively and never instantiates a class named by the bytes.
 *
 * <p>Invocation layout: version byte, call id, flags, method key, token (length -1 = none),
 * arguments. A frame damaged after its call id becomes a {@link MalformedInvocation} so the
 * caller gets an error rather than a timeout.
 */
public final class WireSerializer extends SerializerWithStringManifest implements ByteBufferSerializer {
    /** Pekko serializer id; must be unique within the actor system. */
    public static final int IDENTIFIER = 0x48435031;

    /** The frame layout of protocol version 1, the only one so far ({@link ProtocolRange#CURRENT}). */
    private static final byte VERSION = 1;

    private static final int MAX_KEY_BYTES = 16 * 1024;

    @Override
    public int identifier() {
        return IDENTIFIER;
    }

    @Override
    public String manifest(Object o) {
        if (o instanceof RemoteInvocation) {
            return "I";
        } else if (o instanceof RemoteResult) {
            return "R";
        } else if (o instanceof HandshakeRequest) {
            return "H";
        } else if (o instanceof HandshakeResponse) {
            return "h";
        }
        throw new IllegalArgumentException(
                "not a sendable wire message: " + o.getClass().getName());
    }

    @Override
    public byte[] toBinary(Object o) {
        ByteBuffer buf = ByteBuffer.allocate(sizeHint(o));
        toBinary(o, buf);
        byte[] out = new byte[buf.position()];
        buf.flip();
        buf.get(out);
        return out;
    }

    private static int sizeHint(Object o) {
        if (o instanceof RemoteInvocation i) {
            return i.size() + 64;
        } else if (o instanceof RemoteResult r) {
            return r.payload().length + 32;
        } else if (o instanceof HandshakeRequest h) {
            return h.gateway().length() * 3 + 36;
        } else if (o instanceof HandshakeResponse h) {
            return (h.reason() == null ? 0 : h.reason().length() * 3) + 40;
        }
        return 64;
    }

    @Override
    public void toBinary(Object o, ByteBuffer buf) {
        buf.put(VERSION);
        if (o instanceof RemoteInvocation i) {
            buf.putLong(i.callId());
            buf.put((byte) (i.expectsReply() ? 1 : 0));
            putString(buf, i.methodKey());
            putBytes(buf, i.fencingToken());
            putBytes(buf, i.arguments());
        } else if (o instanceof RemoteResult r) {
            buf.putLong(r.callId());
            buf.put((byte) (r.success() ? 1 : 0));
            putBytes(buf, r.payload());
        } else if (o instanceof HandshakeRequest h) {
            buf.putInt(h.protocols().min());
            buf.putInt(h.protocols().max());
            putString(buf, h.gateway());
        } else if (o instanceof HandshakeResponse h) {
            buf.put((byte) h.outcome().ordinal());
            putString(buf, h.reason());
            buf.putInt(h.incarnation());
            buf.putInt(h.protocolVersion());
        } else {
            throw new IllegalArgumentException(
                    "not a sendable wire message: " + o.getClass().getName());
        }
    }

    @Override
    public Object fromBinary(byte[] bytes, String manifest) throws NotSerializableException {
        return fromBinary(ByteBuffer.wrap(bytes), manifest);
    }

    @Override
    public Object fromBinary(ByteBuffer buf, String manifest) throws NotSerializableException {
        long callId = -1;
        try {
            byte version = buf.get();
            if (version != VERSION) {
                throw new NotSerializableException("wire frame of protocol version " + version
                        + " is not supported (this build speaks " + ProtocolRange.CURRENT + ")");
            }
            switch (manifest) {
                case "I": {
                    callId = buf.getLong();
                    boolean expectsReply = buf.get() == 1;
                    String key = getString(buf, MAX_KEY_BYTES);
                    byte[] token = getBytes(buf);
                    byte[] args = getBytes(buf);
                    if (key == null) {
                        return new MalformedInvocation(callId, "invocation carries no method key");
                    }
                    if (args == null) {
                        return new MalformedInvocation(callId, "invocation of " + key + " carries no arguments");
                    }
                    return new RemoteInvocation(callId, key, token, args, expectsReply);
                }
                case "R": {
                    long id = buf.getLong();
                    boolean success = buf.get() == 1;
                    byte[] payload = getBytes(buf);
                    return new RemoteResult(id, success, payload == null ? new byte[0] : payload);
                }
                case "H":
                    return new HandshakeRequest(
                            new ProtocolRange(buf.getInt(), buf.getInt()), getString(buf, MAX_KEY_BYTES));
                case "h":
                    return new HandshakeResponse(
                            HandshakeResponse.Outcome.ofCode(buf.get()),
                            getString(buf, Integer.MAX_VALUE),
                            buf.getInt(),
                            buf.getInt());
                default:
                    throw new NotSerializableException("unknown wire manifest '" + manifest + "'");
            }
        } catch (BufferUnderflowException | IllegalArgumentException e) {
            if (callId >= 0) {
                return new MalformedInvocation(callId, "truncated or corrupt invocation frame: " + e);
            }
            throw new NotSerializableException("truncated or corrupt wire frame (manifest " + manifest + "): " + e);
        }
    }

    private static void putString(ByteBuffer buf, String s) {
        putBytes(buf, s == null ? null : s.getBytes(StandardCharsets.UTF_8));
    }

    private static void putBytes(ByteBuffer buf, byte[] b) {
        if (b == null) {
            buf.putInt(-1);
        } else {
            buf.putInt(b.length);
            buf.put(b);
        }
    }

    private static String getString(ByteBuffer buf, int max) {
        byte[] b = getBytes(buf);
        if (b != null && b.length > max) {
            throw new IllegalArgumentException("string of " + b.length + " bytes exceeds " + max);
        }
        return b == null ? null : new String(b, StandardCharsets.UTF_8);
    }

    private static byte[] getBytes(ByteBuffer buf) {
        int len = buf.getInt();
        if (len == -1) {
            return null;
        }
        if (len < 0 || len > buf.remaining()) {
            throw new IllegalArgumentException(
                    "length " + len + " does not fit the " + buf.remaining() + " bytes left");
        }
        byte[] b = new byte[len];
        buf.get(b);
        return b;
    }
}
