package org.hacp.ha.zookeeper;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.recipes.nodes.PersistentNode;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.hacp.ha.MemberCard;
import org.hacp.ha.StateRecords;
import org.hacp.protocol.UnreadableRecordException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cluster's members at {@code /members/<id>} (issue 31): each process announces its {@link
 * MemberCard} in an ephemeral znode that Curator's {@link PersistentNode} creates again after a
 * session loss, and anyone with the cluster's credentials lists them. Announce once per process;
 * {@link #list} waits on ZooKeeper; {@link #close} removes the announcement (a crashed process's
 * goes with its session).
 */
public final class ClusterMembers implements AutoCloseable {
    /** Where the cards live. */
    public static final String PATH = "/members";

    private static final Logger LOG = LoggerFactory.getLogger(ClusterMembers.class);

    private final CuratorFramework client;
    private final AtomicReference<PersistentNode> announced = new AtomicReference<>();

    ClusterMembers(CuratorFramework client) {
        this.client = client;
    }

    /**
     * Announces {@code card} from now until {@link #close}.
     *
     * @throws IllegalStateException if this process announced itself already
     */
    public void announce(MemberCard card) {
        PersistentNode node = new PersistentNode(
                client, CreateMode.EPHEMERAL, false, PATH + "/" + card.id(), StateRecords.encode(card));
        if (!announced.compareAndSet(null, node)) {
            throw new IllegalStateException("this process announced itself already as " + card.id());
        }
        node.start();
    }

    /** The members announced now, by id; a card this build cannot read is skipped with a warning. */
    public List<MemberCard> list() throws Exception {
        List<String> ids;
        try {
            ids = client.getChildren().forPath(PATH).stream().sorted().toList();
        } catch (KeeperException.NoNodeException none) {
            return List.of();
        }
        List<MemberCard> members = new ArrayList<>();
        for (String id : ids) {
            String path = PATH + "/" + id;
            try {
                members.add(StateRecords.decode(path, client.getData().forPath(path), MemberCard.class));
            } catch (KeeperException.NoNodeException gone) {
                // its session ended since the listing
            } catch (UnreadableRecordException unreadable) {
                LOG.warn("Skipping a member card: {}", unreadable.getMessage());
            }
        }
        return members;
    }

    @Override
    public void close() throws Exception {
        PersistentNode node = announced.getAndSet(null);
        if (node != null) {
            node.close();
        }
    }
}
