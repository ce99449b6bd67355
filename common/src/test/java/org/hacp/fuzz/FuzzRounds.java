package org.hacp.fuzz;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The long run behind {@code scripts/fuzz --minutes N [--seed S]}: {@link DecoderFuzz} round after
 * round, each with the next seed of a sequence, until the time is up; prints inputs tried and
 * refused per decoder and every finding with its seed (rerun with {@code --seed}). Each module's
 * fuzz main calls {@link #run} with its targets; the exit code is 1 on any finding.
 */
public final class FuzzRounds {
    private static final int INPUTS_PER_ROUND = 2_000;

    private FuzzRounds() {}

    /** Parses {@code --minutes N [--seed S]}, runs the rounds and exits the JVM. */
    public static void run(String title, String[] args, List<DecoderFuzz.Target> targets) {
        double minutes = 1;
        long firstSeed = new Random().nextLong();
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--minutes" -> minutes = Double.parseDouble(args[i + 1]);
                case "--seed" -> firstSeed = Long.parseLong(args[i + 1]);
                default ->
                    throw new IllegalArgumentException("unknown option " + args[i] + "; use --minutes N [--seed S]");
            }
        }
        long deadline =
                System.nanoTime() + Duration.ofSeconds((long) (minutes * 60)).toNanos();
        Random seeds = new Random(firstSeed);
        Map<String, long[]> totals = new LinkedHashMap<>();
        List<DecoderFuzz.Finding> findings = new ArrayList<>();
        int rounds = 0;
        System.out.printf("%s decoder fuzz: %.1f min from seed %d%n", title, minutes, firstSeed);
        while (System.nanoTime() < deadline) {
            long seed = rounds == 0 ? firstSeed : seeds.nextLong();
            DecoderFuzz.Result result = new DecoderFuzz(seed, targets).run(INPUTS_PER_ROUND);
            result.triedAndRefused().forEach((target, c) -> {
                long[] t = totals.computeIfAbsent(target, k -> new long[2]);
                t[0] += c[0];
                t[1] += c[1];
            });
            findings.addAll(result.findings());
            rounds++;
        }
        System.out.printf("%-20s %12s %12s%n", "decoder", "inputs", "refused");
        totals.forEach((target, t) -> System.out.printf("%-20s %,12d %,12d%n", target, t[0], t[1]));
        System.out.println(title + ": " + rounds + " rounds, " + findings.size() + " findings");
        findings.stream().limit(50).forEach(f -> System.out.println("  " + f));
        System.exit(findings.isEmpty() ? 0 : 1);
    }
}
