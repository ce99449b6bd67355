package org.hacp.leader.zookeeper;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** A fresh ZooKeeper server per test; a fatal error reported by any election driver fails the test. */
abstract class ZooKeeperTestBase {
    protected ZooKeeperFixture zk;
    /** Where drivers made with {@code fatalErrors::add} report; a test that expects one clears it. */
    protected final List<Throwable> fatalErrors = new CopyOnWriteArrayList<>();

    @BeforeEach
    void startZooKeeper() throws Exception {
        zk = new ZooKeeperFixture();
    }

    @AfterEach
    void stopZooKeeper() throws Exception {
        zk.close();
        assertThat(fatalErrors).isEmpty();
    }
}
