package org.hacp.leader.zookeeper;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.api.transaction.CuratorOp;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.OpResult;
import org.hacp.fencing.FencingToken;
import org.hacp.leader.LeadershipLostException;

/**
 * Leader-only writes: ZooKeeper transactions that also check the writer's latch node and the
 * epoch version its token was minted at, so a deposed leader's write fails in ZooKeeper itself.
 * Every method may wait on ZooKeeper; callers run them on the io thread or their own.
 */
final class LeadershipTransactions {

    /** Where each check of a built transaction stands, so a failure is decoded by what failed. */
    private record Checked(List<CuratorOp> ops, int latchCheck, int epochCheck) {}

    private final CuratorFramework client;
    private final Function<String, Grant> currentGrant;

    /** @param currentGrant a component's current grant in this process, or null if it does not lead */
    LeadershipTransactions(CuratorFramework client, Function<String, Grant> currentGrant) {
        this.client = client;
        this.currentGrant = currentGrant;
    }

    /**
     * The checks that make a transaction succeed only while {@code token} is the current leadership
     * of {@code componentId}.
     *
     * @throws LeadershipLostException if this process does not hold that leadership now
     */
    List<CuratorOp> checks(String componentId, FencingToken token) throws Exception {
        return checked(componentId, token, List.of()).ops();
    }

    /** Runs {@link #checks} plus {@code writes}; a failed check becomes {@link LeadershipLostException}. */
    void write(String componentId, FencingToken token, List<CuratorOp> writes) throws Exception {
        Checked transaction = checked(componentId, token, writes);
        try {
            client.transaction().forOperations(transaction.ops());
        } catch (KeeperException e) {
            int failed = firstFailed(e);
            if (failed == transaction.latchCheck() || failed == transaction.epochCheck()) {
                throw new LeadershipLostException(
                        "write refused by ZooKeeper: epoch " + token.epoch() + " of '" + componentId
                                + "' no longer leads ("
                                + (failed == transaction.latchCheck() ? "latch node gone" : "a newer epoch was minted")
                                + ")",
                        e);
            }
            throw e;
        }
    }

    private Checked checked(String componentId, FencingToken token, List<CuratorOp> writes) throws Exception {
        Grant grant = currentGrant.apply(componentId);
        if (grant == null || !grant.token().equals(token)) {
            throw new LeadershipLostException("write refused: epoch " + token.epoch()
                    + " is not the current leadership of '" + componentId + "' in this process"
                    + (grant == null ? "" : " (current epoch " + grant.token().epoch() + ")"));
        }
        List<CuratorOp> ops = new ArrayList<>();
        int latchCheck = ops.size();
        ops.add(client.transactionOp().check().forPath(grant.latchPath()));
        int epochCheck = ops.size();
        ops.add(client.transactionOp()
                .check()
                .withVersion(grant.epochVersion())
                .forPath(LeaderPaths.epoch(componentId)));
        ops.addAll(writes);
        return new Checked(List.copyOf(ops), latchCheck, epochCheck);
    }

    /**
     * The index of the operation that failed a multi-op, or -1. ZooKeeper marks the ops after the
     * failed one RUNTIMEINCONSISTENCY and the ones before it OK.
     */
    static int firstFailed(KeeperException e) {
        List<OpResult> results = e.getResults();
        if (results == null) {
            return -1;
        }
        for (int i = 0; i < results.size(); i++) {
            if (results.get(i) instanceof OpResult.ErrorResult err
                    && err.getErr() != KeeperException.Code.OK.intValue()
                    && err.getErr() != KeeperException.Code.RUNTIMEINCONSISTENCY.intValue()) {
                return i;
            }
        }
        return -1;
    }
}
