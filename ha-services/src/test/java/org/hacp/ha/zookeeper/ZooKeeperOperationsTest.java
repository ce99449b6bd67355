package org.hacp.ha.zookeeper;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.curator.drivers.OperationTrace;
import org.hacp.ha.zookeeper.ZooKeeperOperations.Kind;
import org.junit.jupiter.api.Test;

/** Curator's trace names to kinds, and what an operation and a watch add (issue 32). */
class ZooKeeperOperationsTest {
    @Test
    void curatorsTraceNamesMapToKinds() {
        assertThat(Kind.ofTrace("CreateBuilderImpl-Foreground")).isEqualTo(Kind.CREATE);
        assertThat(Kind.ofTrace("SetDataBuilderImpl-Background")).isEqualTo(Kind.SET_DATA);
        assertThat(Kind.ofTrace("CuratorMultiTransactionImpl-Foreground")).isEqualTo(Kind.MULTI);
        assertThat(Kind.ofTrace("GetChildrenBuilderImpl-Background")).isEqualTo(Kind.GET_CHILDREN);
        assertThat(Kind.ofTrace("CreateBuilderImpl-findProtectedNodeInForeground"))
                .isEqualTo(Kind.OTHER);
        assertThat(Kind.ofTrace("SyncBuilderImpl")).isEqualTo(Kind.OTHER);
    }

    @Test
    void operationsAndWatchesAreCounted() {
        ZooKeeperOperations operations = new ZooKeeperOperations();
        new OperationTrace("SetDataBuilderImpl-Foreground", operations)
                .setRequestBytesLength(new byte[300])
                .commit();
        new OperationTrace("CreateBuilderImpl-Foreground", operations)
                .setRequestBytesLength(new byte[40])
                .commit();
        new OperationTrace("GetDataBuilderImpl-Foreground", operations)
                .setWithWatcher(true)
                .setResponseBytesLength(new byte[5000])
                .commit();
        assertThat(operations.count(Kind.SET_DATA)).isEqualTo(1);
        assertThat(operations.count(Kind.GET_DATA)).isEqualTo(1);
        assertThat(operations.watchesSet()).isEqualTo(1);
    }
}
