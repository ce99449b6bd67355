package org.hacp.cluster.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code hactl status [--output text|json]}: the cluster now, for people or for scripts. */
@Command(
        name = "status",
        description = "Leader per component, epoch, participants, cluster version, members, TaskExecutors and jobs.")
final class StatusCommand implements Callable<Integer> {
    /** How the status is printed. */
    enum Output {
        text,
        json
    }

    @ParentCommand
    Hactl hactl;

    @Option(
            names = "--output",
            defaultValue = "text",
            description =
                    "text (default) or json (one document: leaders, participants, clusterVersion, members, taskExecutors, jobs).")
    Output output;

    @Override
    public Integer call() {
        return hactl.run(s -> {
            ClusterStatus status = ClusterStatus.gather(s);
            if (output == Output.json) {
                System.out.println(status.json());
            } else {
                status.printText(System.out);
            }
            return 0;
        });
    }
}
