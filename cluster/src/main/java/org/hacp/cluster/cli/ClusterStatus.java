package org.hacp.cluster.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hacp.cluster.Component;
import org.hacp.cluster.job.JobStatus;
import org.hacp.cluster.resourcemanager.ResourceManagerGateway.RegisteredTaskExecutor;
import org.hacp.ha.MemberCard;
import org.hacp.ha.zookeeper.ClusterVersions;
import org.hacp.leader.LeaderInformation;

/**
 * What {@code hactl status} and {@code hactl top} show, gathered in one pass: each component's
 * leader (address, epoch, session fingerprint: never the token), the participants in latch order,
 * the TaskExecutors and the jobs. Printed as text or JSON.
 *
 * @param participants in latch order, leader first; empty with {@code participantsError} set when unreadable
 * @param clusterVersion the protocol version in force; null with {@code clusterVersionError} set when unreadable
 * @param members every process with a live session and the protocol versions it speaks; empty with
 *     {@code membersError} set when unreadable
 */
record ClusterStatus(
        Map<String, Leader> leaders,
        List<String> participants,
        String participantsError,
        ClusterVersionView clusterVersion,
        String clusterVersionError,
        List<MemberCard> members,
        String membersError,
        List<RegisteredTaskExecutor> taskExecutors,
        List<JobStatus> jobs) {

    /** The cluster version (issue 31): the version in force, and whether an operator ever finalized. */
    record ClusterVersionView(int active, boolean finalized) {}

    /** One component's leader as operators see it. */
    record Leader(String address, long epoch, String session) {}

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** Gathers the status through {@code s}; fails as the session's calls do (exit codes 4 and 5). */
    static ClusterStatus gather(Hactl.Session s) {
        Map<String, Leader> leaders = new LinkedHashMap<>();
        Map<Component, LeaderInformation> found = new LinkedHashMap<>();
        for (Component component : Component.ELECTED) {
            LeaderInformation l = s.leader(component);
            found.put(component, l);
            leaders.put(
                    component.id(),
                    new Leader(l.address(), l.epoch(), "#" + l.token().fingerprint()));
        }
        List<String> participants = List.of();
        String participantsError = null;
        try {
            participants = s.client.participants();
        } catch (Exception e) {
            participantsError = Hactl.rootMessage(e);
        }
        ClusterVersionView clusterVersion = null;
        String clusterVersionError = null;
        try {
            ClusterVersions.Read read = s.client.clusterVersions().read();
            clusterVersion = new ClusterVersionView(read.version().active(), read.finalized());
        } catch (Exception e) {
            clusterVersionError = Hactl.rootMessage(e);
        }
        List<MemberCard> members = List.of();
        String membersError = null;
        try {
            members = s.client.members();
        } catch (Exception e) {
            membersError = Hactl.rootMessage(e);
        }
        List<RegisteredTaskExecutor> taskExecutors =
                s.call("resourcemanager status", s.client.taskExecutors(found.get(Component.RESOURCE_MANAGER)));
        List<JobStatus> jobs = s.call("listing jobs", s.dispatcher().listJobs());
        return new ClusterStatus(
                leaders,
                participants,
                participantsError,
                clusterVersion,
                clusterVersionError,
                members,
                membersError,
                taskExecutors,
                jobs);
    }

    void printText(PrintStream out) {
        leaders.forEach((component, l) ->
                out.printf("%-16s leader %s  epoch %d  session %s%n", component, l.address(), l.epoch(), l.session()));
        out.println("participants     "
                + (participantsError == null
                        ? participants + " (leader first)"
                        : "unknown (" + participantsError + ")"));
        out.println("cluster version  "
                + (clusterVersion == null
                        ? "unknown (" + clusterVersionError + ")"
                        : clusterVersion.active()
                                + (clusterVersion.finalized() ? " (finalized)" : " (never finalized)")));
        if (membersError != null) {
            out.println("members          unknown (" + membersError + ")");
        }
        for (MemberCard m : members) {
            out.printf("member           %-16s %-13s protocol %s%n", m.id(), m.role(), m.protocols());
        }
        out.println("taskexecutors    " + taskExecutors.size());
        for (RegisteredTaskExecutor te : taskExecutors) {
            out.printf(
                    "  %-16s %s  slots %d  protocol %s  running %s%n",
                    te.taskExecutorId(), te.address(), te.slots(), te.protocols(), te.runningTasks());
        }
        Hactl.printJobs(out, jobs);
    }

    String json() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the status could not be written as JSON", e);
        }
    }
}
