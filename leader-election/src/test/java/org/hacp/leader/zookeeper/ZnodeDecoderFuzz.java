package org.hacp.leader.zookeeper;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.hacp.fuzz.DecoderFuzz;
import org.hacp.fuzz.FuzzRounds;
import org.hacp.leader.LeaderInformation;
import org.hacp.leader.LeaderRetrievalException;
import org.hacp.leader.zookeeper.takeover.SessionCard;

/**
 * The decoders of znodes another process wrote, as fuzz targets: leader information and epoch
 * counters (issue 13), session cards (issue 16). {@code main} is {@code scripts/fuzz}'s long run.
 */
public final class ZnodeDecoderFuzz {
    private ZnodeDecoderFuzz() {}

    static List<DecoderFuzz.Target> targets() {
        return List.of(
                new DecoderFuzz.Target(
                        "leader-information",
                        draws -> LeaderInformationCodec.encode(new LeaderInformation(
                                "fuzz",
                                "pekko://hacp@127.0.0.1:1/user/rpc/"
                                        + draws.text().hashCode(),
                                UUID.randomUUID(),
                                Math.abs(draws.number() % 1000),
                                Instant.ofEpochMilli(Math.abs(draws.number() % 4_000_000_000_000L)))),
                        (bytes, random) -> LeaderInformationCodec.decode("/leader/fuzz/connection_info", bytes),
                        LeaderRetrievalException.class),
                new DecoderFuzz.Target(
                        "epoch-counter",
                        draws -> EpochCounter.encode(draws.number()),
                        (bytes, random) -> EpochCounter.next("/leader/fuzz/epoch", bytes),
                        CorruptEpochException.class),
                new DecoderFuzz.Target(
                        "session-card",
                        draws -> SessionCard.of(
                                        "jm-" + draws.text().hashCode(),
                                        draws.number(),
                                        Long.toString(draws.number()).getBytes(StandardCharsets.US_ASCII),
                                        new InetSocketAddress("127.0.0.1", 1 + (int) Math.abs(draws.number() % 65535)))
                                .encode(),
                        (bytes, random) -> SessionCard.decode("/leader/sessions/fuzz", bytes),
                        IllegalArgumentException.class));
    }

    public static void main(String[] args) {
        FuzzRounds.run("znode", args, targets());
    }
}
