package org.hacp.chaos.cluster;

/** Sends POSIX signals to local processes with kill(1): Java can only SIGTERM or SIGKILL its own children. */
public final class ProcessSignals {
    private ProcessSignals() {}

    /** {@code signal} as kill(1) takes it, e.g. {@code -STOP}, {@code -CONT}, {@code -KILL}. */
    public static void send(long pid, String signal) throws Exception {
        Process kill = new ProcessBuilder("kill", signal, Long.toString(pid))
                .inheritIO()
                .start();
        if (kill.waitFor() != 0) {
            throw new IllegalStateException("kill " + signal + " " + pid + " failed");
        }
    }
}
