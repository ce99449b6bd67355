package org.hacp.fuzz;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.RandomGenerator;
import net.jqwik.api.sessions.JqwikSession;

/**
 * A seeded fuzz of decoders that read bytes from outside the process (issue 13). Inputs are random
 * bytes and valid encodings mutated (flipped bytes, cuts, repeats, stray JSON tokens, deep nesting),
 * drawn with jqwik's generators from one seed, so a finding replays. Each decoder must return a
 * value or refuse with one of its named exceptions; any other exception or error, or a decode slower
 * than {@link #SLOW}, is a finding. The engine knows no decoder: each module brings the targets of
 * its own formats (issue 29 item 5: the znode decoders in leader-election, the wire in rpc-pekko).
 * One instance per run; not thread-safe.
 */
public final class DecoderFuzz {
    public static final Duration SLOW = Duration.ofSeconds(2);

    /** What one input did to one decoder. */
    public record Finding(String target, long seed, int input, String bytes, String what) {}

    /** A run: inputs tried and refused (a named error) per target, and the findings. */
    public record Result(Map<String, int[]> triedAndRefused, List<Finding> findings) {}

    /** Decodes one input; {@code random} (the run's) may pick among variants, such as a method or a manifest. */
    @FunctionalInterface
    public interface Decoder {
        void decode(byte[] bytes, Random random) throws Exception;
    }

    /** A valid encoding of the target's format, built from the run's draws. */
    @FunctionalInterface
    public interface ValidEncoding {
        byte[] draw(Draws draws);
    }

    /** One decoder: its name, how to draw a valid input, the decoder and its named refusals. */
    public record Target(String name, ValidEncoding valid, Decoder decoder, Class<?>... refusals) {}

    /** What a valid encoding is drawn from: the run's random, a text and a number from jqwik (edge cases included). */
    public record Draws(Random random, String text, long number) {}

    private static final List<String> STRAY = List.of(
            "[", "]", "{", "}", ",", ":", "\"", "null", "1e999999999", "-0", "\\u0000", "9223372036854775808", "true");

    private final long seed;
    private final List<Target> targets;
    private final Random random;
    private RandomGenerator<byte[]> randomBytes;
    private RandomGenerator<String> texts;
    private RandomGenerator<Long> longs;

    public DecoderFuzz(long seed, List<Target> targets) {
        this.seed = seed;
        this.targets = List.copyOf(targets);
        this.random = new Random(seed);
    }

    /** Runs every target on {@code inputsPerTarget} inputs, inside a jqwik session (its generators need one). */
    public Result run(int inputsPerTarget) {
        Result[] result = new Result[1];
        JqwikSession.run(() -> result[0] = runInSession(inputsPerTarget));
        return result[0];
    }

    private Result runInSession(int inputsPerTarget) {
        randomBytes = Arbitraries.bytes().array(byte[].class).ofMaxSize(300).generator(300, true);
        texts = Arbitraries.strings().ofMaxLength(40).generator(40, true);
        longs = Arbitraries.longs().generator(100, true);
        Map<String, int[]> counts = new LinkedHashMap<>();
        List<Finding> findings = new ArrayList<>();
        for (Target target : targets) {
            int[] triedRefused = counts.computeIfAbsent(target.name(), k -> new int[2]);
            for (int i = 0; i < inputsPerTarget; i++) {
                byte[] input = input(target);
                triedRefused[0]++;
                long start = System.nanoTime();
                try {
                    target.decoder().decode(input, random);
                } catch (Throwable t) {
                    if (isRefusal(target, t)) {
                        triedRefused[1]++;
                    } else {
                        findings.add(finding(target, i, input, t.toString()));
                    }
                }
                if (System.nanoTime() - start > SLOW.toNanos()) {
                    findings.add(finding(target, i, input, "took longer than " + SLOW.toMillis() + " ms"));
                }
            }
        }
        return new Result(counts, findings);
    }

    private static boolean isRefusal(Target target, Throwable t) {
        return Arrays.stream(target.refusals()).anyMatch(c -> c.isInstance(t));
    }

    private Finding finding(Target target, int i, byte[] input, String what) {
        String shown = new String(input, 0, Math.min(input.length, 120), StandardCharsets.ISO_8859_1);
        return new Finding(target.name(), seed, i, shown, what);
    }

    /** A random input for {@code target}: random bytes a fifth of the time, else a mutated valid encoding. */
    private byte[] input(Target target) {
        if (random.nextInt(5) == 0) {
            return randomBytes.next(random).value();
        }
        Draws draws =
                new Draws(random, texts.next(random).value(), longs.next(random).value());
        return mutate(target.valid().draw(draws));
    }

    private byte[] mutate(byte[] valid) {
        byte[] out = valid.clone();
        int mutations = random.nextInt(4);
        for (int m = 0; m < mutations && out.length > 0; m++) {
            int at = random.nextInt(out.length);
            out = switch (random.nextInt(5)) {
                case 0 -> flip(out, at);
                case 1 -> Arrays.copyOf(out, at);
                case 2 ->
                    splice(out, at, STRAY.get(random.nextInt(STRAY.size())).getBytes(StandardCharsets.UTF_8));
                case 3 ->
                    splice(out, at, Arrays.copyOfRange(out, at, Math.min(out.length, at + 1 + random.nextInt(16))));
                default -> splice(out, at, "[".repeat(1 + random.nextInt(200)).getBytes(StandardCharsets.US_ASCII));
            };
        }
        return out;
    }

    private byte[] flip(byte[] bytes, int at) {
        bytes[at] ^= (byte) (1 << random.nextInt(8));
        return bytes;
    }

    private static byte[] splice(byte[] bytes, int at, byte[] inserted) {
        byte[] out = new byte[bytes.length + inserted.length];
        System.arraycopy(bytes, 0, out, 0, at);
        System.arraycopy(inserted, 0, out, at, inserted.length);
        System.arraycopy(bytes, at, out, at + inserted.length, bytes.length - at);
        return out;
    }
}
