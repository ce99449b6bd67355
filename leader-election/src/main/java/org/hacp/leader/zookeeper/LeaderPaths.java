package org.hacp.leader.zookeeper;

import java.util.Comparator;
import java.util.regex.Pattern;

/**
 * The znode layout of elections, relative to the cluster's namespace ({@code /<root>/<cluster-id>}):
 * <pre>
 * /leader/latch                          LeaderLatch participants (persistent parent)
 * /leader/&lt;component&gt;/epoch              last epoch minted for the component (decimal text)
 * /leader/&lt;component&gt;/connection_info    LeaderInformation JSON (ephemeral, owned by the leader's session)
 * /leader/sessions/&lt;session id&gt;         a participant's SessionCard (ephemeral, owned by that session)
 * </pre>
 */
public final class LeaderPaths {
    private static final Pattern COMPONENT = Pattern.compile("[a-z0-9][a-z0-9_-]{0,127}");

    public static final String LATCH = "/leader/latch";

    /** Parent of the session cards that fast takeover reads (issue 16). */
    public static final String SESSIONS = "/leader/sessions";

    /** Latch node names in line order: by their sequence suffix (what precedes it is a random prefix). */
    public static final Comparator<String> LATCH_ORDER =
            Comparator.comparing(node -> node.substring(node.lastIndexOf('-') + 1));

    private LeaderPaths() {}

    /** Checks a component id: lower-case letters, digits, '-' and '_', at most 128 characters. */
    public static String validComponent(String componentId) {
        if (componentId == null || !COMPONENT.matcher(componentId).matches()) {
            throw new IllegalArgumentException(
                    "component id '" + componentId
                            + "' is not allowed: use 1-128 lower-case letters, digits, '-' or '_', starting with a letter or digit");
        }
        return componentId;
    }

    public static String component(String componentId) {
        return "/leader/" + validComponent(componentId);
    }

    public static String epoch(String componentId) {
        return component(componentId) + "/epoch";
    }

    /** The card of ZooKeeper session {@code sessionId}: its id in 16 hex digits. */
    public static String sessionCard(long sessionId) {
        return SESSIONS + "/" + String.format("%016x", sessionId);
    }

    public static String connectionInfo(String componentId) {
        return component(componentId) + "/connection_info";
    }
}
