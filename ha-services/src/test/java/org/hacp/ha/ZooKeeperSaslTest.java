package org.hacp.ha;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryOneTime;
import org.apache.zookeeper.KeeperException;
import org.hacp.config.ConfigException;
import org.hacp.config.ConfigReader;
import org.hacp.ha.zookeeper.EmbeddedZooKeeper;
import org.hacp.ha.zookeeper.ZooKeeperHaServices;
import org.hacp.testing.Closer;
import org.hacp.tls.TlsConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 12, item 3: ZooKeeper SASL. The server checks the password before a session may do
 * anything: a member logs in and works; a client that claims the user with another password, or
 * does not log in at all, can neither read nor write (digest auth alone lets anyone claim any id
 * and read world-readable znodes).
 */
class ZooKeeperSaslTest {
    private static final String CREDENTIAL = "hacp:s3cret-sasl";

    private final Closer closer = new Closer();
    private EmbeddedZooKeeper zk;

    @BeforeEach
    void setUp() {
        zk = closer.track(EmbeddedZooKeeper.start(null, 0, Duration.ofSeconds(2), TlsConfig.disabled(), CREDENTIAL));
    }

    @AfterEach
    void tearDown() {
        closer.close();
    }

    private HaConfig config(String digest) {
        return HaConfig.from(ConfigReader.parse("hacp.ha { cluster-id = sasl, zookeeper { connect-string = \""
                + zk.connectString() + "\", session-timeout = 2s, connection-timeout = 1s, sasl = true, "
                + "auth-digest = \"" + digest + "\" } }"));
    }

    @Test
    void aMemberLogsInAndUsesTheServices() throws Exception {
        ZooKeeperHaServices services = closer.track(ZooKeeperHaServices.start(config(CREDENTIAL), "jm-1", e -> {}));
        assertThat(services.participants()).isPresent();
    }

    @Test
    void aClientWithoutTheLoginCanNeitherReadNorWrite() throws Exception {
        CuratorFramework outsider = closer.track(CuratorFrameworkFactory.builder()
                .connectString(zk.connectString())
                .sessionTimeoutMs(2000)
                .connectionTimeoutMs(2000)
                .retryPolicy(new RetryOneTime(10))
                .build());
        outsider.start();
        assertThatThrownBy(() -> outsider.getChildren().forPath("/")).isInstanceOf(KeeperException.class);
        assertThatThrownBy(() -> outsider.create().forPath("/intruder")).isInstanceOf(KeeperException.class);
    }

    @Test
    void aWrongPasswordIsRefusedAndReportedAsFatal() {
        List<Throwable> fatal = new CopyOnWriteArrayList<>();
        closer.track(ZooKeeperHaServices.start(config("hacp:guess"), "intruder", fatal::add));
        await().atMost(Duration.ofSeconds(20)).until(() -> !fatal.isEmpty());
        assertThat(fatal.get(0)).hasMessageContaining("rejected this process's credentials");

        CuratorFramework guesser =
                closer.track(ZooKeeperHaServices.newClient(config("hacp:guess"), zk.connectString()));
        guesser.start();
        assertThatThrownBy(() -> guesser.getChildren().forPath("/")).isInstanceOf(KeeperException.class);
    }

    @Test
    void saslNeedsTheDigestCredential() {
        assertThatThrownBy(() -> HaConfig.from(ConfigReader.parse("hacp.ha.zookeeper.sasl = true")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("hacp.ha.zookeeper.sasl = true logs in with the credential of");
    }
}
