package org.hacp.dist;

import java.nio.file.Path;
import java.util.List;

/** The processes a distribution started, found by its home directory on their command lines. */
final class DistProcesses {
    private DistProcesses() {}

    /** Every live process whose command line names {@code home} (its lib/ class path or bin/hacp). */
    static List<ProcessHandle> running(Path home) {
        String marker = home.toString();
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().map(c -> c.contains(marker)).orElse(false))
                .toList();
    }

    /** kill -9 of whatever a failed test left running. */
    static void killAll(Path home) {
        for (ProcessHandle p : running(home)) {
            p.destroyForcibly();
            p.onExit().join();
        }
    }
}
