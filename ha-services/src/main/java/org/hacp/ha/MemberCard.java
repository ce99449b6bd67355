package org.hacp.ha;

import java.util.Objects;
import org.hacp.protocol.ProtocolRange;

/**
 * A running process as the cluster's membership lists it (issue 31): every JobManager and
 * TaskExecutor announces one while its ZooKeeper session lives, so an operator (and an upgrade's
 * finalize) can see who speaks which protocol versions.
 *
 * @param id the process id, e.g. {@code jobmanager-1}
 * @param role its kind, e.g. {@code jobmanager}
 * @param protocols the protocol versions it speaks
 */
public record MemberCard(String id, String role, ProtocolRange protocols) {
    public MemberCard {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(protocols, "protocols");
    }
}
