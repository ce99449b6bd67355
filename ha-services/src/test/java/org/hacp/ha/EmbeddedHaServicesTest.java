package org.hacp.ha;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.hacp.ha.embedded.EmbeddedHaServices;
import org.hacp.leader.LeaderInformation;
import org.hacp.leader.LeaderRetrievalListener;
import org.hacp.leader.LeadershipLostException;
import org.junit.jupiter.api.Test;

class EmbeddedHaServicesTest {
    /** A state record (the store keeps JSON objects, issue 31). */
    record Note(String text) {}

    private static final Duration WAIT = Duration.ofSeconds(10);

    @Test
    void sameSemanticsAsZooKeeperWithAHookToMoveLeadership() throws Exception {
        EmbeddedHaServices services = new EmbeddedHaServices();
        List<Optional<LeaderInformation>> seen = new CopyOnWriteArrayList<>();
        services.leaderRetriever("dispatcher").start(new LeaderRetrievalListener() {
            @Override
            public void notifyLeaderAddress(Optional<LeaderInformation> leader) {
                seen.add(leader);
            }

            @Override
            public void handleError(Exception error) {
                throw new AssertionError(error);
            }
        });
        TestContender a = TestContender.join(services, "dispatcher", "a");
        TestContender b = TestContender.join(services, "dispatcher", "b");
        await().atMost(WAIT).until(a::leads);
        await().atMost(WAIT)
                .until(() -> !seen.isEmpty()
                        && seen.get(seen.size() - 1)
                                .map(i -> i.address().equals(a.address()))
                                .orElse(false));
        assertThat(b.leads()).isFalse();
        var first = a.current;
        HaStateStore store = services.stateStore("dispatcher");
        store.put(first, "k", new Note("v1"));

        services.moveLeadership("dispatcher");

        await().atMost(WAIT).until(() -> b.leads() && !a.leads());
        assertThat(b.current.epoch()).isGreaterThan(first.epoch());
        assertThat(a.election.hasLeadership(first)).isFalse();
        assertThatThrownBy(() -> store.put(first, "k", new Note("stale"))).isInstanceOf(LeadershipLostException.class);
        assertThatThrownBy(() -> a.election.confirmLeadership(first, "x").join())
                .hasCauseInstanceOf(LeadershipLostException.class);
        store.put(b.current, "k", new Note("v2"));
        assertThat(store.get("k", Note.class)).contains(new Note("v2"));
        assertThatThrownBy(() -> store.create(b.current, "k", new Note("collided")))
                .isInstanceOf(StateKeyExistsException.class);
        assertThatThrownBy(() -> store.create(first, "new", new Note("stale")))
                .isInstanceOf(LeadershipLostException.class);
        store.create(b.current, "new", new Note("v1"));
        assertThat(store.get("k", Note.class)).contains(new Note("v2"));
        assertThat(store.get("new", Note.class)).contains(new Note("v1"));
        await().atMost(WAIT)
                .until(() -> seen.get(seen.size() - 1)
                        .map(i -> i.address().equals(b.address()))
                        .orElse(false));

        b.election.close();
        await().atMost(WAIT).until(a::leads);
        services.close();
    }
}
