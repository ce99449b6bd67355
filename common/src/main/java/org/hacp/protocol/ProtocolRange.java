package org.hacp.protocol;

import java.util.OptionalInt;

/**
 * The protocol versions a build speaks, both ends included (issue 31): the RPC wire's frames and
 * handshake, and the records it keeps in ZooKeeper ({@link ZnodeRecords}). Two processes talk in
 * the highest version both speak, or are refused at connect with both ranges named, never by a
 * decoding failure later; a record of a version outside the range is refused by name.
 */
public record ProtocolRange(int min, int max) {
    /**
     * What this build speaks. Version 1 is the first versioned protocol: the handshake with ranges,
     * the frame layout of {@code WireSerializer} and the znode records with their version field.
     */
    public static final ProtocolRange CURRENT = new ProtocolRange(1, 1);

    public ProtocolRange {
        if (min < 1 || max < min) {
            throw new IllegalArgumentException(
                    "protocol range " + min + ".." + max + " is not a range of versions >= 1");
        }
    }

    /** The highest version this range and {@code other} both contain, if any. */
    public OptionalInt highestCommon(ProtocolRange other) {
        int high = Math.min(max, other.max);
        return high >= Math.max(min, other.min) ? OptionalInt.of(high) : OptionalInt.empty();
    }

    public boolean contains(int version) {
        return version >= min && version <= max;
    }

    @Override
    public String toString() {
        return min + ".." + max;
    }
}
