package org.hacp.bench;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * The report of {@link RpcBenchmark}: per compared pair of cases the medians of the rounds, the
 * median of the per-round ratios, and the verdict against the target.
 */
final class RpcReport {

    private RpcReport() {}

    static void print(Map<String, List<ClosedLoop.Result>> results) {
        System.out.println();
        System.out.println("(values: median of rounds; ratio: median of the per-round ratios of back-to-back runs)");
        System.out.println("                            pekko-ask baseline      hacp-rpc      ratio   target");
        row(results, "local", 1, "throughput", ClosedLoop.Result::callsPerSecond, null);
        row(results, "local", 64, "throughput", ClosedLoop.Result::callsPerSecond, ">= 0.50");
        row(results, "local", 1, "p50 us", ClosedLoop.Result::p50Micros, null);
        row(results, "local", 1, "p99 us", ClosedLoop.Result::p99Micros, null);
        row(results, "artery", 1, "throughput", ClosedLoop.Result::callsPerSecond, null);
        row(results, "artery", 64, "throughput", ClosedLoop.Result::callsPerSecond, ">= 0.80");
        row(results, "artery", 1, "p50 us", ClosedLoop.Result::p50Micros, "<= 1.05");
        row(results, "artery", 1, "p99 us", ClosedLoop.Result::p99Micros, null);
        System.out.println();
        System.out.println("                            hacp-rpc unfenced    hacp-fenced      ratio   target");
        ToDoubleFunction<ClosedLoop.Result> throughput = ClosedLoop.Result::callsPerSecond;
        compare(
                results,
                "local|hacp-rpc|64",
                "local|hacp-fenced|64",
                "local   64 in flight throughput",
                throughput,
                ">= 0.95");
        compare(
                results,
                "artery|hacp-rpc|64",
                "artery|hacp-fenced|64",
                "artery  64 in flight throughput",
                throughput,
                ">= 0.95");
        System.out.println();
        System.out.println("                            on the class path   isolated     ratio   target");
        compare(results, "artery|hacp-direct|64", "artery|hacp-rpc|64", "artery  64 in flight thrpt", throughput, null);
        compare(
                results,
                "artery|hacp-direct|1",
                "artery|hacp-rpc|1",
                "artery   1 in flight p50 us",
                ClosedLoop.Result::p50Micros,
                null);
        System.out.println();
        System.out.println("                            plain Artery     mutual TLS      ratio   target");
        compare(results, "artery|hacp-rpc|64", "tls|hacp-rpc|64", "hacp-rpc 64 in flight thrpt", throughput, ">= 0.80");
        compare(
                results,
                "artery|hacp-rpc|1",
                "tls|hacp-rpc|1",
                "hacp-rpc  1 in flight p50 us",
                ClosedLoop.Result::p50Micros,
                "<= 1.20");
        compare(
                results,
                "artery|hacp-rpc|1",
                "tls|hacp-rpc|1",
                "hacp-rpc  1 in flight p99 us",
                ClosedLoop.Result::p99Micros,
                null);
        compare(results, "artery|pekko-ask|64", "tls|pekko-ask|64", "pekko-ask 64 in flight thrpt", throughput, null);
        compare(results, "tls|pekko-ask|64", "tls|hacp-rpc|64", "TLS: ask vs hacp-rpc 64 thrpt", throughput, null);
        compare(
                results,
                "artery|pekko-ask|1",
                "tls|pekko-ask|1",
                "pekko-ask 1 in flight p50 us",
                ClosedLoop.Result::p50Micros,
                null);
    }

    private static void row(
            Map<String, List<ClosedLoop.Result>> results,
            String transport,
            int inFlight,
            String metric,
            ToDoubleFunction<ClosedLoop.Result> value,
            String target) {
        compare(
                results,
                transport + "|pekko-ask|" + inFlight,
                transport + "|hacp-rpc|" + inFlight,
                String.format("%-7s %2d in flight %-10s", transport, inFlight, metric),
                value,
                target);
    }

    /** One report line: the case {@code oursKey} against {@code baseKey}, with its ratio and target verdict. */
    private static void compare(
            Map<String, List<ClosedLoop.Result>> results,
            String baseKey,
            String oursKey,
            String label,
            ToDoubleFunction<ClosedLoop.Result> value,
            String target) {
        List<ClosedLoop.Result> baseRuns = results.get(baseKey);
        List<ClosedLoop.Result> ourRuns = results.get(oursKey);
        double base = median(baseRuns, value);
        double ours = median(ourRuns, value);
        double ratio = medianRatio(ourRuns, baseRuns, value);
        String verdict = "";
        if (target != null) {
            double bound = Double.parseDouble(target.substring(3));
            boolean met = target.startsWith(">=") ? ratio >= bound : ratio <= bound;
            verdict = target + (met ? "  met" : "  MISSED");
        }
        System.out.printf("%-29s %,14.1f %,14.1f   %6.2fx   %s%n", label, base, ours, ratio, verdict);
    }

    /** Median over rounds of {@code ours[r] / base[r]}: each ratio compares runs made back to back. */
    private static double medianRatio(
            List<ClosedLoop.Result> ours, List<ClosedLoop.Result> base, ToDoubleFunction<ClosedLoop.Result> f) {
        double[] ratios = new double[ours.size()];
        for (int i = 0; i < ratios.length; i++) {
            ratios[i] = f.applyAsDouble(ours.get(i)) / f.applyAsDouble(base.get(i));
        }
        Arrays.sort(ratios);
        return ratios.length % 2 == 1
                ? ratios[ratios.length / 2]
                : (ratios[ratios.length / 2 - 1] + ratios[ratios.length / 2]) / 2;
    }

    private static double median(List<ClosedLoop.Result> rs, ToDoubleFunction<ClosedLoop.Result> f) {
        double[] v = rs.stream().mapToDouble(f).sorted().toArray();
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }
}
