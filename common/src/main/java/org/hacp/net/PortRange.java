package org.hacp.net;

import java.io.UncheckedIOException;
import java.net.BindException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hacp.config.ConfigException;

/**
 * The ports a listener may bind, as an operator writes them: {@code 0} (any free port), one port,
 * or ranges and ports separated by commas, such as {@code 50100-50200} for a node behind a
 * firewall that opens only those (issue 18). Binding takes the first free port in the order
 * written.
 *
 * @param key the configuration key it was read from, named in every error
 * @param text the value as written
 * @param spans the inclusive spans, in the order written; {@code [0-0]} for any free port
 */
public record PortRange(String key, String text, List<Span> spans) {
    /** Ports {@code first} to {@code last}, both included. */
    public record Span(int first, int last) {}

    /** Binds a listener to {@code port}, failing with {@link BindException} when it is taken. */
    @FunctionalInterface
    public interface Binder<T> {
        T bind(int port) throws BindException;
    }

    private static final Pattern SPAN = Pattern.compile("\\s*(\\d{1,5})\\s*(?:-\\s*(\\d{1,5})\\s*)?");

    public PortRange {
        spans = List.copyOf(spans);
    }

    /** One port, or any free port for 0. */
    public static PortRange of(String key, int port) {
        return parse(key, String.valueOf(port));
    }

    /**
     * Reads {@code text}: {@code 0}, {@code N}, {@code A-B}, or a comma list of those other than 0.
     *
     * @throws ConfigException naming {@code key} and what is wrong
     */
    public static PortRange parse(String key, String text) {
        if (text == null || text.isBlank()) {
            throw new ConfigException(
                    key + " is empty: expected a port, 0 for any free port, or a range such as 50100-50200");
        }
        List<Span> spans = new ArrayList<>();
        for (String part : text.split(",", -1)) {
            Matcher m = SPAN.matcher(part);
            if (!m.matches()) {
                throw new ConfigException(key + " = '" + text + "': '" + part.strip()
                        + "' is not a port or a range A-B (expected e.g. 6123, 0 or 50100-50200,50300)");
            }
            int first = Integer.parseInt(m.group(1));
            int last = m.group(2) == null ? first : Integer.parseInt(m.group(2));
            if (last > 65535 || first > last) {
                throw new ConfigException(key + " = '" + text + "': '" + part.strip()
                        + "' is not a range of ports (each within 1 .. 65535, the first not above the last)");
            }
            spans.add(new Span(first, last));
        }
        boolean anyFree = spans.stream().anyMatch(s -> s.first() == 0);
        if (anyFree && !(spans.size() == 1 && spans.get(0).last() == 0)) {
            throw new ConfigException(key + " = '" + text + "': 0 (any free port) cannot be part of a range or a list");
        }
        return new PortRange(key, text.strip(), spans);
    }

    /** Whether any free port will do (the value 0). */
    public boolean anyFree() {
        return spans.get(0).last() == 0;
    }

    /** Whether exactly one port is allowed (not 0). */
    public boolean single() {
        return spans.size() == 1 && spans.get(0).first() == spans.get(0).last() && !anyFree();
    }

    /** The ports to try, in order: {@code [0]} for any free port. */
    public List<Integer> candidates() {
        List<Integer> ports = new ArrayList<>();
        for (Span s : spans) {
            for (int p = s.first(); p <= s.last(); p++) {
                ports.add(p);
            }
        }
        return ports;
    }

    /**
     * Binds with {@code binder} to the first port it can have.
     *
     * @param host where it binds, for the error
     * @throws UncheckedIOException wrapping a {@link BindException} that names the key and the range
     *     when every port is taken
     */
    public <T> T bindFirst(String host, Binder<T> binder) {
        List<Integer> ports = candidates();
        BindException last = null;
        for (int port : ports) {
            try {
                return binder.bind(port);
            } catch (BindException e) {
                last = e;
            }
        }
        BindException exhausted = new BindException(
                anyFree()
                        ? "cannot bind " + key + " = 0 on " + host + ": " + last.getMessage()
                        : "no free port on " + host + " in " + key + " = " + text + " (" + ports.size()
                                + " tried, all in use)");
        exhausted.initCause(last);
        throw new UncheckedIOException(exhausted.getMessage(), exhausted);
    }

    @Override
    public String toString() {
        return text;
    }
}
