package org.hacp.cluster.status;

import java.util.List;
import org.hacp.cluster.job.JobStatus;
import org.hacp.cluster.resourcemanager.ResourceManagerGateway.RegisteredTaskExecutor;
import org.hacp.cluster.status.JobManagerStatus.ComponentStatus;

/** Renders a {@link JobManagerStatus} as the HTML page that refreshes itself every 2 s; every value escaped. */
final class StatusPage {
    private StatusPage() {}

    static String render(JobManagerStatus s) {
        StringBuilder h = new StringBuilder(
                        "<!doctype html><html><head><meta charset=\"utf-8\"><meta http-equiv=\"refresh\" content=\"2\">")
                .append("<title>")
                .append(HtmlText.escape(s.process()))
                .append("</title><style>body{font-family:sans-serif;margin:2em}")
                .append(
                        "table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:4px 8px;text-align:left}")
                .append(".leader{color:#070;font-weight:bold}.follower{color:#666}</style></head><body>");
        h.append("<h1>")
                .append(HtmlText.escape(s.process()))
                .append(" <span class=\"")
                .append(HtmlText.escape(s.role()))
                .append("\">")
                .append(HtmlText.escape(s.role()))
                .append("</span></h1><p>protocol ")
                .append(HtmlText.escape(s.protocols()))
                .append("</p>");
        h.append(
                "<h2>Components</h2><table><tr><th>component</th><th>leader</th><th>epoch</th><th>session</th><th>fencing rejections</th></tr>");
        s.components().forEach((name, c) -> appendComponent(h, name, c));
        appendTaskExecutors(h, s.taskExecutors());
        appendJobs(h, s.jobs());
        if (!s.unreadableJobRecords().isEmpty()) {
            h.append("</table><h2>Unreadable job records (skipped)</h2><table><tr><th>key</th><th>why</th></tr>");
            s.unreadableJobRecords()
                    .forEach((key, why) -> h.append("<tr><td>")
                            .append(HtmlText.escape(key))
                            .append("</td><td>")
                            .append(HtmlText.escape(why))
                            .append("</td></tr>"));
        }
        return h.append("</table><p>JSON: <a href=\"/status\">/status</a></p></body></html>")
                .toString();
    }

    private static void appendComponent(StringBuilder h, String name, ComponentStatus c) {
        h.append("<tr><td>")
                .append(HtmlText.escape(name))
                .append("</td><td>")
                .append(HtmlText.escape(c.leader()))
                .append("</td><td>")
                .append(HtmlText.escape(c.epoch()))
                .append("</td><td>")
                .append(HtmlText.escape(c.session()))
                .append("</td><td>")
                .append(HtmlText.escape(c.fencingRejections()))
                .append("</td></tr>");
    }

    private static void appendTaskExecutors(StringBuilder h, List<RegisteredTaskExecutor> taskExecutors) {
        h.append(
                "</table><h2>TaskExecutors</h2><table><tr><th>id</th><th>address</th><th>slots</th><th>protocol</th><th>running</th><th>last heartbeat</th></tr>");
        for (RegisteredTaskExecutor te : taskExecutors) {
            h.append("<tr><td>")
                    .append(HtmlText.escape(te.taskExecutorId()))
                    .append("</td><td>")
                    .append(HtmlText.escape(te.address()))
                    .append("</td><td>")
                    .append(te.slots())
                    .append("</td><td>")
                    .append(HtmlText.escape(te.protocols()))
                    .append("</td><td>")
                    .append(HtmlText.escape(te.runningTasks()))
                    .append("</td><td>")
                    .append(te.millisSinceHeartbeat())
                    .append(" ms ago</td></tr>");
        }
    }

    private static void appendJobs(StringBuilder h, List<JobStatus> jobs) {
        h.append("</table><h2>Jobs</h2><table><tr><th>job</th><th>tasks</th><th>progress</th><th>state</th></tr>");
        for (JobStatus j : jobs) {
            h.append("<tr><td>")
                    .append(HtmlText.escape(j.jobId()))
                    .append("</td><td>")
                    .append(j.tasks())
                    .append("</td><td>")
                    .append(j.ticksCompleted())
                    .append(" / ")
                    .append(j.totalTicks())
                    .append("</td><td>")
                    .append(j.finished() ? "finished" : "running")
                    .append("</td></tr>");
        }
    }
}
