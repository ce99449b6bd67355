package org.hacp.ha.zookeeper;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.curator.CuratorConnectionLossException;
import org.apache.zookeeper.KeeperException;
import org.junit.jupiter.api.Test;

/** A background operation that gave up on a lost connection is not fatal; any other client error is. */
class UnhandledClientErrorsTest {
    @Test
    void aLostConnectionOrSessionIsNotFatalAnythingElseIs() {
        List<Throwable> fatal = new CopyOnWriteArrayList<>();
        UnhandledClientErrors errors = new UnhandledClientErrors(fatal::add);
        errors.unhandledError("Background operation retry gave up", new KeeperException.ConnectionLossException());
        errors.unhandledError("Background retry gave up", new CuratorConnectionLossException());
        errors.unhandledError("wrapped", new IllegalStateException(new KeeperException.SessionExpiredException()));
        assertThat(fatal).isEmpty();

        errors.unhandledError("a listener threw", new IllegalArgumentException("bug"));
        assertThat(fatal)
                .singleElement()
                .satisfies(e -> assertThat(e)
                        .hasMessage("unexpected ZooKeeper client error: a listener threw")
                        .hasCauseInstanceOf(IllegalArgumentException.class));
    }
}
