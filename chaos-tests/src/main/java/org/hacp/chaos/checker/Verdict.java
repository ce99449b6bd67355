package org.hacp.chaos.checker;

import java.util.List;

/** The checker's answer per invariant, with the offending history entries quoted. */
public record Verdict(List<Result> results) {

    /** One invariant's answer. */
    public record Result(String id, String invariant, Validity validity, String summary, List<String> evidence) {}

    public Validity validity() {
        return results.stream().map(Result::validity).reduce(Validity.VALID, Validity::and);
    }

    public Result result(String id) {
        return results.stream()
                .filter(r -> r.id().equals(id))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no invariant '" + id + "'"));
    }

    /** Readable text: one line per invariant, then at most 5 quoted entries under each failure. */
    public String describe() {
        StringBuilder out = new StringBuilder();
        for (Result r : results) {
            out.append(String.format("  (%s) %-58s %-8s %s%n", r.id(), r.invariant(), r.validity(), r.summary()));
            if (r.validity() != Validity.VALID) {
                r.evidence().stream()
                        .limit(5)
                        .forEach(e -> out.append("        ").append(e).append('\n'));
                if (r.evidence().size() > 5) {
                    out.append("        ... ").append(r.evidence().size() - 5).append(" more\n");
                }
            }
        }
        out.append("  verdict: ").append(validity()).append('\n');
        return out.toString();
    }
}
