package org.hacp.ha.zookeeper;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.KeeperException;
import org.hacp.fencing.FencingToken;
import org.hacp.ha.HaStateStore;
import org.hacp.leader.zookeeper.LeaderPaths;
import org.hacp.leader.zookeeper.ZooKeeperLeaderElectionDriver;

/**
 * {@link HaStateStore} at {@code /state/<component>/<key>}: every write is one transaction with the
 * leadership checks of the component (our latch node exists, the epoch node is at the version we
 * minted), so a deposed leader's write fails in ZooKeeper itself.
 */
final class ZooKeeperStateStore implements HaStateStore {
    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
    private static final ObjectMapper MAPPER = new ObjectMapper().findAndRegisterModules();

    private final CuratorFramework client;
    private final ZooKeeperLeaderElectionDriver driver;
    private final String component;
    private final String base;

    ZooKeeperStateStore(CuratorFramework client, ZooKeeperLeaderElectionDriver driver, String component) {
        this.client = client;
        this.driver = driver;
        this.component = component;
        this.base = "/state/" + LeaderPaths.validComponent(component);
    }

    private String path(String key) {
        if (key == null || !KEY.matcher(key).matches()) {
            throw new IllegalArgumentException(
                    "state key '" + key + "' is not allowed: 1-128 letters, digits, '.', '_' or '-'");
        }
        return base + "/" + key;
    }

    @Override
    public void put(FencingToken writer, String key, Object value) throws Exception {
        String path = path(key);
        byte[] bytes = MAPPER.writeValueAsBytes(value);
        try {
            client.create().creatingParentsIfNeeded().forPath(base);
        } catch (KeeperException.NodeExistsException ignored) {
            // the component's state node exists already
        }
        for (int attempt = 0; attempt < 3; attempt++) {
            boolean exists = client.checkExists().forPath(path) != null;
            try {
                driver.writeAsLeader(
                        component,
                        writer,
                        List.of(
                                exists
                                        ? client.transactionOp().setData().forPath(path, bytes)
                                        : client.transactionOp().create().forPath(path, bytes)));
                return;
            } catch (KeeperException.NodeExistsException | KeeperException.NoNodeException e) {
                // created or deleted between our check and our write: look again
            }
        }
        throw new IllegalStateException("state node " + path + " kept appearing and disappearing under us");
    }

    @Override
    public <T> Optional<T> get(String key, Class<T> type) throws Exception {
        try {
            return Optional.ofNullable(MAPPER.readValue(client.getData().forPath(path(key)), type));
        } catch (KeeperException.NoNodeException e) {
            return Optional.empty();
        }
    }

    @Override
    public void delete(FencingToken writer, String key) throws Exception {
        String path = path(key);
        if (client.checkExists().forPath(path) == null) {
            driver.leadershipChecks(component, writer); // still refuse a deposed writer
            return;
        }
        try {
            driver.writeAsLeader(
                    component, writer, List.of(client.transactionOp().delete().forPath(path)));
        } catch (KeeperException.NoNodeException e) {
            // deleted meanwhile
        }
    }

    @Override
    public List<String> keys() throws Exception {
        try {
            return client.getChildren().forPath(base).stream().sorted().toList();
        } catch (KeeperException.NoNodeException e) {
            return List.of();
        }
    }
}
