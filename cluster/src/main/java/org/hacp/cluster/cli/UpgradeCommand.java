package org.hacp.cluster.cli;

import java.io.PrintStream;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import org.hacp.cluster.upgrade.FinalizeDecision;
import org.hacp.cluster.upgrade.RollingOrder;
import org.hacp.ha.MemberCard;
import org.hacp.ha.zookeeper.ClusterVersions;
import org.hacp.protocol.ProtocolRange;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code hactl upgrade plan|finalize} (issue 31): the order of a rolling upgrade's restarts, and
 * the one-way step that moves the cluster version up once every member runs the new release. Both
 * read the members' cards and the cluster version; only finalize writes, by compare-and-set.
 */
@Command(
        name = "upgrade",
        description = "Rolling upgrade: the order of restarts (plan), then the cluster version (finalize).",
        subcommands = {UpgradeCommand.Plan.class, UpgradeCommand.Finalize.class})
final class UpgradeCommand {
    @ParentCommand
    Hactl hactl;

    /** The state both subcommands decide on. */
    private record Cluster(ClusterVersions.Read version, List<MemberCard> members) {
        static Cluster read(Hactl.Session s) {
            try {
                return new Cluster(s.client.clusterVersions().read(), s.client.members());
            } catch (Exception e) {
                throw new Hactl.Failure(1, "reading the cluster version and members failed: " + Hactl.rootMessage(e));
            }
        }

        String versionLine() {
            return "cluster version  " + version.version().active()
                    + (version.finalized() ? " (finalized)" : " (never finalized)") + "; this hactl speaks "
                    + ProtocolRange.CURRENT;
        }
    }

    @Command(
            name = "plan",
            description = "Prints the order to restart members in, and whether a finalize would pass now.")
    static final class Plan implements Callable<Integer> {
        @ParentCommand
        UpgradeCommand upgrade;

        @Override
        public Integer call() {
            return upgrade.hactl.run(s -> {
                Cluster cluster = Cluster.read(s);
                List<String> participants;
                try {
                    participants = s.client.participants();
                } catch (Exception e) {
                    throw new Hactl.Failure(1, "reading the election's participants failed: " + Hactl.rootMessage(e));
                }
                print(System.out, cluster, RollingOrder.of(cluster.members(), participants));
                return 0;
            });
        }

        private static void print(PrintStream out, Cluster cluster, RollingOrder order) {
            out.println(cluster.versionLine());
            out.println(
                    "restart one member at a time on the new release, the next once the last is back (hactl status):");
            int n = 0;
            for (RollingOrder.Step step : order.steps()) {
                out.printf(
                        "  %d. %-16s %-14s protocol %s%n",
                        ++n, step.member().id(), step.standing(), step.member().protocols());
            }
            FinalizeDecision now = FinalizeDecision.decide(
                    cluster.version().version(), cluster.members(), ProtocolRange.CURRENT, OptionalInt.empty());
            if (now instanceof FinalizeDecision.Proceed proceed) {
                out.println("then: hactl upgrade finalize (would move the cluster to protocol version "
                        + proceed.target().active() + " now; one-way)");
            } else if (now instanceof FinalizeDecision.Refused refused) {
                out.println("then: hactl upgrade finalize (refused now: " + refused.reason() + ")");
            }
        }
    }

    @Command(
            name = "finalize",
            description = "Moves the cluster version up, one-way; refused while a member does not speak it.")
    static final class Finalize implements Callable<Integer> {
        @ParentCommand
        UpgradeCommand upgrade;

        @Option(
                names = "--to",
                description = "The protocol version to finalize at (default: the highest this hactl speaks).")
        Integer to;

        @Override
        public Integer call() {
            return upgrade.hactl.run(s -> {
                Cluster cluster = Cluster.read(s);
                FinalizeDecision decision = FinalizeDecision.decide(
                        cluster.version().version(),
                        cluster.members(),
                        ProtocolRange.CURRENT,
                        to == null ? OptionalInt.empty() : OptionalInt.of(to));
                if (decision instanceof FinalizeDecision.Refused refused) {
                    throw new Hactl.Failure(Hactl.UPGRADE_REFUSED, "finalize refused: " + refused.reason());
                }
                FinalizeDecision.Proceed proceed = (FinalizeDecision.Proceed) decision;
                int target = proceed.target().active();
                try {
                    s.client.clusterVersions().finalizeTo(proceed.target(), cluster.version());
                } catch (ClusterVersions.ConcurrentFinalizeException e) {
                    throw new Hactl.Failure(Hactl.UPGRADE_REFUSED, "finalize refused: " + e.getMessage());
                } catch (Exception e) {
                    throw new Hactl.Failure(1, "writing the cluster version failed: " + Hactl.rootMessage(e));
                }
                System.out.println("cluster finalized at protocol version " + target + " (was "
                        + cluster.version().version().active() + ")");
                // A member that announced itself after the listing above and read the version before the
                // write runs a release that may not speak the new one: name it (its start checks, so only
                // this window can let one through).
                List<MemberCard> late = Cluster.read(s).members().stream()
                        .filter(m -> !m.protocols().contains(target))
                        .toList();
                for (MemberCard m : late) {
                    System.err.println("hactl: " + m.id() + " (" + m.protocols() + ") started during the finalize and"
                            + " does not speak version " + target + ": stop it and start it on the new release");
                }
                return late.isEmpty() ? 0 : 1;
            });
        }
    }
}
