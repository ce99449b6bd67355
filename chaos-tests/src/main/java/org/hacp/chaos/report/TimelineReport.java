package org.hacp.chaos.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hacp.chaos.checker.Validity;
import org.hacp.chaos.checker.Verdict;
import org.hacp.chaos.cluster.ChaosCluster;
import org.hacp.chaos.cluster.Nemesis;
import org.hacp.chaos.history.History;
import org.hacp.chaos.history.History.Op;
import org.hacp.cluster.events.EventField;
import org.hacp.cluster.events.EventType;
import org.hacp.cluster.events.HistoryKind;
import org.hacp.cluster.status.HtmlText;

/**
 * A self-contained HTML page of one run: a track per process, fault periods shaded across all
 * tracks, grants, revokes, publishes, accepted commands and fencing rejections marked (hover for
 * the entry), and the checker's verdict per invariant underneath.
 */
public final class TimelineReport {
    private static final int LEFT = 150;
    private static final int WIDTH = 1100;
    private static final int ROW = 26;
    private static final int LABEL_ROW = 14;
    private static final int LABEL_GAP = 6;
    /**
     * Counts marker labels whose boxes overlap as the browser laid them out, into
     * {@code body[data-label-overlaps]}; overlapping labels turn red. Tests read the attribute.
     */
    private static final String LABEL_CHECK = "<script>addEventListener('load',()=>{"
            + "const b=[...document.querySelectorAll('.mark-label')].map(t=>[t,t.getBBox()]);let n=0;"
            + "for(let i=0;i<b.length;i++)for(let j=i+1;j<b.length;j++){const p=b[i][1],q=b[j][1];"
            + "if(p.x<q.x+q.width&&q.x<p.x+p.width&&p.y<q.y+q.height&&q.y<p.y+p.height){n++;"
            + "b[i][0].setAttribute('fill','#dc2626');b[j][0].setAttribute('fill','#dc2626');}}"
            + "document.body.dataset.labelOverlaps=n;});</script>";

    /** What a marker looks like: colour and shape. */
    private record Mark(String colour, boolean tall) {}

    private static final Map<EventType, Mark> MARKS = Map.ofEntries(
            Map.entry(EventType.GRANT, new Mark("#1a7f37", true)),
            Map.entry(EventType.REVOKE, new Mark("#d97706", true)),
            Map.entry(EventType.REVOKE_IGNORED, new Mark("#b91c1c", true)),
            Map.entry(EventType.PUBLISH, new Mark("#2563eb", false)),
            Map.entry(EventType.REGISTER, new Mark("#7c3aed", false)),
            Map.entry(EventType.FENCING_REJECTION, new Mark("#dc2626", true)),
            Map.entry(EventType.ACCEPT, new Mark("#64748b", false)),
            Map.entry(EventType.ZK_CONNECTION, new Mark("#0891b2", false)),
            Map.entry(EventType.JOB_FINISHED, new Mark("#15803d", false)),
            Map.entry(EventType.STORE_WRITE, new Mark("#a3a3a3", false)),
            Map.entry(EventType.CHECKPOINT_REFUSED, new Mark("#ef4444", false)),
            Map.entry(EventType.PROCESS_START, new Mark("#000000", true)));

    private TimelineReport() {}

    public static void write(Path file, String title, History history, Verdict verdict) throws IOException {
        write(file, title, history, verdict, Map.of());
    }

    /** With named vertical markers (a drill's phases) at monotonic times. */
    public static void write(Path file, String title, History history, Verdict verdict, Map<String, Long> marks)
            throws IOException {
        String svg = svg(history.ops(), marks);
        Files.writeString(file, html(title, svg, verdict, history.ops().size()), StandardCharsets.UTF_8);
    }

    /** A shaded fault period: from a fault's start to its end (or to the heal that ended it). */
    private record FaultPeriod(long from, long to, String name) {}

    private static String svg(List<Op> ops, Map<String, Long> marks) {
        long end = ops.isEmpty() ? 1 : Math.max(1, ops.get(ops.size() - 1).time());
        Map<String, Integer> rows = rows(ops);
        long origin = ops.isEmpty() ? 0 : ops.get(0).monoNanos();
        List<Label> labels = labels(marks, origin, end);
        int labelRows = labels.stream().mapToInt(Label::row).max().orElse(-1) + 1;
        int height = rows.size() * ROW + 40 + labelRows * LABEL_ROW;
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(
                "<svg width='%d' height='%d' xmlns='http://www.w3.org/2000/svg' font-family='monospace' font-size='11'>",
                LEFT + WIDTH + 20, height));
        for (FaultPeriod f : faultPeriods(ops, end)) {
            svg.append(String.format(
                    "<rect x='%d' y='20' width='%d' height='%d' fill='#fca5a5' opacity='0.25'><title>%s</title></rect>",
                    x(f.from(), end),
                    Math.max(2, x(f.to(), end) - x(f.from(), end)),
                    rows.size() * ROW,
                    HtmlText.escape(f.name())));
        }
        for (int t = 0; t <= end / 1_000_000_000L; t += Math.max(1, (int) (end / 1_000_000_000L / 20))) {
            long nanos = t * 1_000_000_000L;
            svg.append(String.format(
                    "<line x1='%d' y1='18' x2='%d' y2='%d' stroke='#e5e7eb'/><text x='%d' y='12'>%ds</text>",
                    x(nanos, end), x(nanos, end), height - 20, x(nanos, end) - 6, t));
        }
        rows.forEach((process, row) -> svg.append(String.format(
                "<text x='4' y='%d'>%s</text><line x1='%d' y1='%d' x2='%d' y2='%d' stroke='#cbd5e1'/>",
                20 + row * ROW + 16,
                HtmlText.escape(process),
                LEFT,
                20 + row * ROW + 13,
                LEFT + WIDTH,
                20 + row * ROW + 13)));
        for (Op o : ops) {
            svg.append(mark(o, 20 + rows.get(o.process()) * ROW, end));
        }
        int bottom = 20 + rows.size() * ROW;
        for (Label l : labels) {
            int y = bottom + 14 + l.row() * LABEL_ROW;
            svg.append(String.format(
                    "<line x1='%d' y1='18' x2='%d' y2='%d' stroke='#1d4ed8' stroke-dasharray='4 3'/>"
                            + "<text class='mark-label' x='%d' y='%d' fill='#1d4ed8'>%s</text>",
                    l.x(), l.x(), y - 10, l.x() + 3, y, HtmlText.escape(l.text())));
        }
        return svg.append("</svg>").toString();
    }

    /** A marker's label, in the first row where it does not run into the one before it. */
    private record Label(String text, int x, int row) {}

    /**
     * Lays the markers' labels out in rows: a drill's phases come within a few hundred ms of each
     * other on a timeline of a minute, and two alternating rows overlapped (issue 15). Monospace at
     * 11 px is ~6.6 px a character; the page checks the result in the browser (see {@link #html}).
     */
    private static List<Label> labels(Map<String, Long> marks, long origin, long end) {
        List<Map.Entry<String, Long>> sorted =
                marks.entrySet().stream().sorted(Map.Entry.comparingByValue()).toList();
        List<Integer> rowEnds = new ArrayList<>();
        List<Label> labels = new ArrayList<>();
        for (Map.Entry<String, Long> m : sorted) {
            int x = x(m.getValue() - origin, end);
            int width = (int) Math.ceil(m.getKey().length() * 6.6) + 3 + LABEL_GAP;
            int row = 0;
            while (row < rowEnds.size() && rowEnds.get(row) > x) {
                row++;
            }
            if (row == rowEnds.size()) {
                rowEnds.add(0);
            }
            rowEnds.set(row, x + width);
            labels.add(new Label(m.getKey(), x, row));
        }
        return labels;
    }

    /** One row per process, the nemesis first. */
    private static Map<String, Integer> rows(List<Op> ops) {
        Map<String, Integer> rows = new LinkedHashMap<>();
        rows.put(ChaosCluster.HARNESS_PROCESS, 0);
        ops.stream()
                .map(Op::process)
                .filter(p -> !p.equals(ChaosCluster.HARNESS_PROCESS))
                .distinct()
                .sorted()
                .forEach(p -> rows.put(p, rows.size()));
        return rows;
    }

    private static List<FaultPeriod> faultPeriods(List<Op> ops, long end) {
        Map<String, Op> open = new HashMap<>();
        List<FaultPeriod> periods = new ArrayList<>();
        for (Op o : ops) {
            if (!o.process().equals(ChaosCluster.HARNESS_PROCESS) || !o.is(EventType.NEMESIS)) {
                continue;
            }
            String key = o.f() + ":" + o.text("node") + o.text("server");
            if ("start".equals(o.text(EventField.PHASE)) && !o.f().equals(Nemesis.START)) {
                open.putIfAbsent(key, o);
            } else if ("end".equals(o.text(EventField.PHASE))) {
                List<String> closing = o.f().equals(Nemesis.HEAL)
                        ? open.keySet().stream()
                                .filter(TimelineReport::isNetworkFault)
                                .toList()
                        : List.of(key);
                for (String k : closing) {
                    Op start = open.remove(k);
                    if (start != null) {
                        periods.add(new FaultPeriod(start.time(), o.time(), start.f() + " " + start.value()));
                    }
                }
            }
        }
        open.values()
                .forEach(start -> periods.add(
                        new FaultPeriod(start.time(), end, start.f() + " " + start.value() + " (never ended)")));
        return periods;
    }

    /** Faults that a heal ends (the proxies' faults), by the key of their start. */
    private static boolean isNetworkFault(String key) {
        return key.startsWith("partition")
                || key.startsWith("isolate")
                || key.startsWith("latency")
                || key.startsWith("reset");
    }

    private static String mark(Op o, int y, long end) {
        EventType event = o.event().type();
        if (event.isHarness()) {
            return String.format(
                    "<circle cx='%d' cy='%d' r='4' fill='%s'><title>%s</title></circle>",
                    x(o.time(), end),
                    y + 13,
                    o.kind() == HistoryKind.FAIL ? "#dc2626" : "#111827",
                    HtmlText.escape(o.quote()));
        }
        Mark mark = MARKS.get(event);
        if (mark == null) {
            return "";
        }
        int h = mark.tall() ? 20 : 10;
        return String.format(
                "<rect x='%d' y='%d' width='3' height='%d' fill='%s'><title>%s</title></rect>",
                x(o.time(), end) - 1, y + 13 - h / 2, h, mark.colour(), HtmlText.escape(o.quote()));
    }

    private static String html(String title, String svg, Verdict verdict, int entries) {
        StringBuilder html = new StringBuilder();
        Validity validity = verdict.validity();
        html.append("<!doctype html><html><head><meta charset='utf-8'><title>")
                .append(HtmlText.escape(title))
                .append("</title>")
                .append(
                        "<style>body{font-family:sans-serif;margin:20px}td,th{padding:3px 8px;text-align:left;vertical-align:top}")
                .append(
                        ".VALID{color:#15803d}.INVALID{color:#b91c1c}.UNKNOWN{color:#b45309}pre{font-size:11px;margin:0}</style></head><body>")
                .append("<h2>")
                .append(HtmlText.escape(title))
                .append(" — <span class='")
                .append(validity)
                .append("'>")
                .append(validity)
                .append("</span></h2>")
                .append(svg)
                .append(
                        "<p>Legend: <span style='color:#1a7f37'>grant</span>, <span style='color:#d97706'>revoke</span>, ")
                .append("<span style='color:#2563eb'>publish</span>, <span style='color:#7c3aed'>register</span>, ")
                .append(
                        "<span style='color:#dc2626'>fencing rejection</span>, <span style='color:#64748b'>accept</span>, ")
                .append(
                        "<span style='color:#0891b2'>ZooKeeper connection change</span>; shaded: faults. Hover for details.</p>")
                .append("<table><tr><th></th><th>invariant</th><th>result</th><th>summary</th></tr>");
        for (Verdict.Result r : verdict.results()) {
            html.append("<tr><td>(")
                    .append(r.id())
                    .append(")</td><td>")
                    .append(HtmlText.escape(r.invariant()))
                    .append("</td><td class='")
                    .append(r.validity())
                    .append("'>")
                    .append(r.validity())
                    .append("</td><td>")
                    .append(HtmlText.escape(r.summary()));
            if (!r.evidence().isEmpty()) {
                html.append("<pre>");
                r.evidence().stream()
                        .limit(20)
                        .forEach(e -> html.append(HtmlText.escape(e)).append('\n'));
                html.append("</pre>");
            }
            html.append("</td></tr>");
        }
        return html.append("</table><p>")
                .append(entries)
                .append(" history entries; history.jsonl has them all.</p>")
                .append(LABEL_CHECK)
                .append("</body></html>")
                .toString();
    }

    private static int x(long time, long end) {
        return LEFT + (int) (WIDTH * (double) time / end);
    }
}
