package org.hacp.ha;

import java.util.Optional;
import org.hacp.protocol.ProtocolRange;

/**
 * The protocol version a cluster runs in (issue 31). It only grows, and only when an operator
 * finalizes ({@code hactl upgrade finalize}); a cluster that never finalized runs version 1, the
 * first versioned protocol, which the releases before versions spoke too. A process joins only if
 * its release speaks the version in force: so, after a finalize, no older release can come back.
 *
 * @param active the version in force, at least 1
 */
public record ClusterVersion(int active) {
    /** The version of a cluster that never finalized. */
    public static final ClusterVersion INITIAL = new ClusterVersion(1);

    public ClusterVersion {
        if (active < 1) {
            throw new IllegalArgumentException("a cluster version is >= 1, not " + active);
        }
    }

    /** Why a process whose release speaks {@code speaks} may not join, or empty when it may. */
    public Optional<String> refusalFor(ProtocolRange speaks) {
        if (speaks.contains(active)) {
            return Optional.empty();
        }
        if (active > speaks.max()) {
            return Optional.of("the cluster was finalized at protocol version " + active + " and this release speaks "
                    + speaks + ": a finalize is one-way; start a release that speaks " + active);
        }
        return Optional.of("the cluster runs protocol version " + active + " and this release speaks " + speaks
                + " only: start a release that speaks " + active + " until the cluster is finalized at " + speaks.min()
                + " or higher");
    }
}
