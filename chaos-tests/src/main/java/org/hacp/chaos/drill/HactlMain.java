package org.hacp.chaos.drill;

import org.hacp.cluster.cli.Hactl;
import org.hacp.threads.CommandExit;
import picocli.CommandLine;

/** {@code scripts/hactl}: the operator CLI with the {@code drill} subcommand, which needs the chaos suite's fault injectors. */
public final class HactlMain {
    private HactlMain() {}

    public static void main(String[] args) {
        CommandExit.exit(new CommandLine(new Hactl())
                .addSubcommand("drill", new DrillCommand())
                .execute(args));
    }
}
