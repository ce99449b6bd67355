package org.hacp.leader.zookeeper;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.framework.state.SessionConnectionStateErrorPolicy;
import org.apache.curator.framework.state.StandardConnectionStateErrorPolicy;
import org.apache.curator.retry.ExponentialBackoffRetry;
import org.apache.curator.test.InstanceSpec;
import org.apache.curator.test.TestingServer;
import org.hacp.testing.Closer;

/** A real ZooKeeper server with a short tick (so sessions can be short) and the clients made against it. */
final class ZooKeeperFixture implements AutoCloseable {
    static final Duration SESSION_TIMEOUT = Duration.ofSeconds(2);
    static final Duration CONNECTION_TIMEOUT = Duration.ofMillis(1000);
    static final String NAMESPACE = "hacp/test-cluster";

    final TestingServer server;
    private final Closer closer = new Closer();

    ZooKeeperFixture() throws Exception {
        this(200); // ZooKeeper allows sessions of 0.4 s .. 4 s
    }

    /** A server allowing sessions of 2 .. 20 tick times. */
    ZooKeeperFixture(int tickTimeMillis) throws Exception {
        server = new TestingServer(new InstanceSpec(null, -1, -1, -1, true, -1, tickTimeMillis, -1), true);
    }

    CuratorFramework client() throws InterruptedException {
        return client(server.getConnectString(), false);
    }

    CuratorFramework client(String connectString, boolean tolerateSuspended) throws InterruptedException {
        return client(connectString, tolerateSuspended, SESSION_TIMEOUT);
    }

    CuratorFramework client(String connectString, boolean tolerateSuspended, Duration sessionTimeout)
            throws InterruptedException {
        CuratorFramework client = CuratorFrameworkFactory.builder()
                .connectString(connectString)
                .sessionTimeoutMs((int) sessionTimeout.toMillis())
                .connectionTimeoutMs((int) CONNECTION_TIMEOUT.toMillis())
                .retryPolicy(new ExponentialBackoffRetry(50, 10, 500))
                .namespace(NAMESPACE)
                .dontUseContainerParents()
                .connectionStateErrorPolicy(
                        tolerateSuspended
                                ? new SessionConnectionStateErrorPolicy()
                                : new StandardConnectionStateErrorPolicy())
                .build();
        client.start();
        if (!client.blockUntilConnected(10, TimeUnit.SECONDS)) {
            throw new IllegalStateException("no ZooKeeper connection to " + connectString);
        }
        closer.track(client);
        return client;
    }

    <T extends AutoCloseable> T track(T closeable) {
        closer.track(closeable);
        return closeable;
    }

    @Override
    public void close() throws IOException {
        closer.close();
        server.close();
    }
}
