package org.hacp.leader.zookeeper;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.apache.curator.framework.CuratorFramework;
import org.junit.jupiter.api.Test;

/**
 * A deposed leader's clean-up never removes its successor's information, even when the
 * successor's node has the very version the deposed leader read (every fresh node starts at 0):
 * HostsIT once lost the ResourceManager's information that way during a rolling restart.
 */
class LeaderInformationNodeTest extends ZooKeeperTestBase {
    private static final String PATH = "/leader/resourcemanager/connection_info";

    @Test
    void aRemovalReadBeforeASuccessorPublishedLeavesTheSuccessorsNode() throws Exception {
        CuratorFramework deposed = zk.client();
        CuratorFramework successor = zk.client();
        deposed.create().creatingParentsIfNeeded().forPath("/leader/resourcemanager");
        byte[] old = "deposed leader, epoch 3".getBytes(UTF_8);
        byte[] next = "successor, epoch 4".getBytes(UTF_8);
        LeaderInformationNode deposedNode = new LeaderInformationNode(deposed, PATH);
        deposed.transaction().forOperations(deposedNode.replaceOps(old));

        Optional<LeaderInformationNode.Removal> removal = deposedNode.readForRemoval(old);
        assertThat(removal).as("the node holds the deposed leader's bytes").isPresent();
        successor.transaction().forOperations(new LeaderInformationNode(successor, PATH).replaceOps(next));
        assertThat(successor.checkExists().forPath(PATH).getVersion())
                .as("the successor's node has the version the deposed leader read")
                .isEqualTo(removal.get().version());

        assertThat(deposedNode.remove(removal.get())).isFalse();
        assertThat(successor.getData().forPath(PATH)).isEqualTo(next);
    }

    @Test
    void aRemovalOfOurOwnNodeDeletesIt() throws Exception {
        CuratorFramework leader = zk.client();
        leader.create().creatingParentsIfNeeded().forPath("/leader/resourcemanager");
        byte[] ours = "leader, epoch 1".getBytes(UTF_8);
        LeaderInformationNode node = new LeaderInformationNode(leader, PATH);
        leader.transaction().forOperations(node.replaceOps(ours));

        assertThat(node.readForRemoval("someone else".getBytes(UTF_8))).isEmpty();
        assertThat(node.remove(node.readForRemoval(ours).orElseThrow())).isTrue();
        assertThat(leader.checkExists().forPath(PATH)).isNull();
    }
}
