package org.hacp.ha;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.curator.test.InstanceSpec;
import org.hacp.config.ConfigReader;
import org.hacp.ha.zookeeper.ZooKeeperEnsemble;
import org.hacp.ha.zookeeper.ZooKeeperHaServices;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A real 3-server ensemble, and the server the leader talks to killed. By default the leader rides
 * it out (issue 30): it reconnects to another server and keeps its leadership and epoch, nobody else
 * is granted. With {@code tolerate-suspended-connections = false} it revokes at once and leadership
 * moves, never to two leaders at a time.
 */
class ZooKeeperEnsembleTest {
    private static final Pattern REMOTE = Pattern.compile("remoteserver:[^ ]*:(\\d+)");

    private ZooKeeperEnsemble ensemble;
    private final List<ZooKeeperHaServices> services = new ArrayList<>();

    @AfterEach
    void tearDown() throws Exception {
        for (ZooKeeperHaServices s : services) {
            s.close();
        }
        if (ensemble != null) {
            ensemble.close();
        }
    }

    @ParameterizedTest(name = "tolerate-suspended-connections = {0}")
    @ValueSource(booleans = {true, false})
    void killingTheLeadersZooKeeperServerKeepsAtMostOneLeader(boolean tolerateSuspended) throws Exception {
        ensemble = ZooKeeperEnsemble.start(3, 200);
        HaConfig config =
                HaConfig.from(ConfigReader.parse("hacp.ha { cluster-id = ensemble, zookeeper { connect-string = \""
                        + ensemble.connectString() + "\", session-timeout = 3s, connection-timeout = 1s,"
                        + " tolerate-suspended-connections = " + tolerateSuspended + " } }"));
        List<TestContender> contenders = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ZooKeeperHaServices s = ZooKeeperHaServices.start(config, "jm-" + i, e -> {});
            services.add(s);
            contenders.add(TestContender.join(s, "dispatcher", "jm-" + i));
        }
        await().atMost(Duration.ofSeconds(30))
                .until(() -> contenders.stream().filter(TestContender::leads).count() == 1);
        int leaderIndex = indexOfLeader(contenders);
        long epochBefore = contenders.get(leaderIndex).current.epoch();
        Matcher m = REMOTE.matcher(services.get(leaderIndex)
                .client()
                .getZookeeperClient()
                .getZooKeeper()
                .toString());
        assertThat(m.find())
                .as("the leader's ZooKeeper connection names its server")
                .isTrue();
        InstanceSpec leadersServer = ensemble.serverOnPort(Integer.parseInt(m.group(1)));
        assertThat(leadersServer).isNotNull();

        ensemble.kill(leadersServer);

        if (tolerateSuspended) {
            ZooKeeperHaServices leader = services.get(leaderIndex);
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                Matcher now = REMOTE.matcher(
                        leader.client().getZookeeperClient().getZooKeeper().toString());
                return leader.client().getZookeeperClient().isConnected()
                        && now.find()
                        && Integer.parseInt(now.group(1)) != leadersServer.getPort();
            });
            assertThat(contenders.get(leaderIndex).leads())
                    .as("the leader after reconnecting")
                    .isTrue();
            assertThat(contenders.get(leaderIndex).intervals)
                    .as("its leaderships")
                    .hasSize(1);
            assertThat(contenders.get(leaderIndex).current.epoch()).isEqualTo(epochBefore);
            for (int i = 0; i < contenders.size(); i++) {
                if (i != leaderIndex) {
                    assertThat(contenders.get(i).intervals)
                            .as("grants of jm-" + i)
                            .isEmpty();
                }
            }
            return;
        }
        await().atMost(Duration.ofSeconds(60))
                .until(() -> contenders.stream().filter(TestContender::leads).count() == 1
                        && contenders.get(indexOfLeader(contenders)).current.epoch() > epochBefore);

        // At most one leader at all times: sorted by grant time, each interval ends before the next begins.
        List<TestContender.Interval> all = new ArrayList<>();
        contenders.forEach(c -> all.addAll(c.intervals));
        all.sort(Comparator.comparingLong(i -> i.grantedAt));
        for (int i = 0; i + 1 < all.size(); i++) {
            assertThat(all.get(i).revokedAt).as("interval %d was revoked", i).isPositive();
            assertThat(all.get(i).revokedAt)
                    .as("interval %d ends before %d begins", i, i + 1)
                    .isLessThanOrEqualTo(all.get(i + 1).grantedAt);
            assertThat(all.get(i + 1).token.epoch())
                    .isGreaterThan(all.get(i).token.epoch());
        }
    }

    private static int indexOfLeader(List<TestContender> contenders) {
        for (int i = 0; i < contenders.size(); i++) {
            if (contenders.get(i).leads()) {
                return i;
            }
        }
        return -1;
    }
}
