package org.hacp.chaos.ip;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import org.hacp.cluster.hosts.NamespaceHost;
import org.hacp.process.CommandRun;

/**
 * The packet filter of one namespace host: a table of its own ({@value #TABLE}, family ip) with an
 * input and an output chain, replaced as a whole by one {@code nft -f} transaction (so a fault
 * takes effect at once, never half), or deleted to heal. Nothing else of the host's ruleset is
 * touched. Rules are nft rule text: {@code ip saddr A drop}, {@code ip saddr A numgen random mod 100 < 20 drop},
 * {@code ip daddr B dup to B device "eth0"}.
 */
public final class PacketFilter {
    static final String TABLE = "hacp_nemesis";

    private PacketFilter() {}

    /** The rules of one host: packets it receives, packets it sends. */
    record Rules(List<String> input, List<String> output) {
        static final Rules NONE = new Rules(List.of(), List.of());

        Rules {
            input = List.copyOf(input);
            output = List.copyOf(output);
        }

        boolean isEmpty() {
            return input.isEmpty() && output.isEmpty();
        }
    }

    /** Drops every packet between {@code host} and each of {@code peers}, both ways, in one change per host. */
    public static void cut(NamespaceHost host, Collection<NamespaceHost> peers)
            throws IOException, InterruptedException {
        List<String> in = new ArrayList<>();
        List<String> out = new ArrayList<>();
        for (NamespaceHost p : peers) {
            in.add("ip saddr " + p.address() + " drop");
            out.add("ip daddr " + p.address() + " drop");
            apply(
                    p,
                    new Rules(
                            List.of("ip saddr " + host.address() + " drop"),
                            List.of("ip daddr " + host.address() + " drop")));
        }
        apply(host, new Rules(in, out));
    }

    /** Removes every fault from {@code hosts}. */
    public static void clear(Collection<NamespaceHost> hosts) throws IOException, InterruptedException {
        for (NamespaceHost h : hosts) {
            apply(h, Rules.NONE);
        }
    }

    /** Replaces {@code host}'s table with {@code rules} (removes it for no rules). */
    static void apply(NamespaceHost host, Rules rules) throws IOException, InterruptedException {
        StringBuilder script = new StringBuilder()
                // Declaring the table first makes the delete succeed whether or not it existed.
                .append("table ip ")
                .append(TABLE)
                .append('\n')
                .append("delete table ip ")
                .append(TABLE)
                .append('\n');
        if (!rules.isEmpty()) {
            script.append("table ip ").append(TABLE).append(" {\n");
            chain(script, "input", rules.input());
            chain(script, "output", rules.output());
            script.append("}\n");
        }
        CommandRun nft;
        try {
            nft = CommandRun.run(
                    List.of("ip", "netns", "exec", host.namespace(), "nft", "-f", "-"),
                    null,
                    Map.of(),
                    script.toString().getBytes(StandardCharsets.US_ASCII),
                    Duration.ofSeconds(10));
        } catch (TimeoutException e) {
            throw new IOException("nft on " + host.name() + " did not answer: " + e.getMessage(), e);
        }
        if (nft.exitCode() != 0) {
            throw new IOException("nft on " + host.name() + " refused the rules: "
                    + nft.output().trim() + "\n" + script);
        }
    }

    private static void chain(StringBuilder script, String hook, List<String> rules) {
        // Before conntrack-based filters of the host, if any: a fault drops even established flows.
        script.append("  chain ")
                .append(hook)
                .append(" { type filter hook ")
                .append(hook)
                .append(" priority -10; policy accept;\n");
        for (String rule : rules) {
            script.append("    ").append(rule).append('\n');
        }
        script.append("  }\n");
    }
}
