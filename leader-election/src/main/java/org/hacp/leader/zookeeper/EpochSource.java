package org.hacp.leader.zookeeper;

/**
 * Where a component's epochs come from (issue 29 item 4: so {@link ComponentElection} runs without
 * ZooKeeper in tests). {@link EpochCounter} is the one over a counter znode.
 */
interface EpochSource {
    /** Starts caching the counter of {@code componentId}, so a mint needs no read first. Never waits. */
    void watch(String componentId);

    /** Stops caching it. Never waits. */
    void unwatch(String componentId);

    /**
     * The next epoch of {@code componentId} with a fresh session id, for {@code leadership}; fails if
     * the leadership is gone by the time it is written. May wait on ZooKeeper: mint threads only.
     *
     * @throws CorruptEpochException when the counter cannot be read as an epoch
     */
    Grant mint(String componentId, Leadership leadership) throws Exception;
}
