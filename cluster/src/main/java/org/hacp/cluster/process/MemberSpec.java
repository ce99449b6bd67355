package org.hacp.cluster.process;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What to start as one member of a local cluster: its id and role, JVM options, configuration
 * settings (each key once: a later value replaces an earlier one), extra command-line arguments and
 * environment variables added to the launcher's (e.g. libfaketime's for a skewed clock, issue 33).
 */
public record MemberSpec(
        String id,
        Role role,
        List<String> jvmOptions,
        Map<Setting, String> settings,
        List<String> extraArgs,
        Map<String, String> environment) {

    public MemberSpec {
        jvmOptions = List.copyOf(jvmOptions);
        settings = settings.isEmpty() ? Map.of() : new EnumMap<>(settings);
        extraArgs = List.copyOf(extraArgs);
        environment = Map.copyOf(environment);
    }

    /** A member with these settings and nothing else. */
    public static MemberSpec of(String id, Role role, Map<Setting, String> settings) {
        return new MemberSpec(id, role, List.of(), settings, List.of(), Map.of());
    }

    /** The same member with {@code key} set to {@code value}. */
    public MemberSpec with(Setting key, String value) {
        return withAll(Map.of(key, value));
    }

    /** The same member with each of {@code more} set (replacing values set before). */
    public MemberSpec withAll(Map<Setting, String> more) {
        Map<Setting, String> next = new EnumMap<>(Setting.class);
        next.putAll(settings);
        next.putAll(more);
        return new MemberSpec(id, role, jvmOptions, next, extraArgs, environment);
    }

    /** The same member with more JVM options. */
    public MemberSpec withJvmOptions(List<String> more) {
        List<String> all = new ArrayList<>(jvmOptions);
        all.addAll(more);
        return new MemberSpec(id, role, all, settings, extraArgs, environment);
    }

    /** The same member with more command-line arguments. */
    public MemberSpec withArgs(List<String> more) {
        List<String> all = new ArrayList<>(extraArgs);
        all.addAll(more);
        return new MemberSpec(id, role, jvmOptions, settings, all, environment);
    }

    /** The same member with more environment variables (replacing values set before). */
    public MemberSpec withEnvironment(Map<String, String> more) {
        Map<String, String> all = new HashMap<>(environment);
        all.putAll(more);
        return new MemberSpec(id, role, jvmOptions, settings, extraArgs, all);
    }

    /** The settings as {@code -D key=value} arguments of a process main. */
    List<String> settingArgs() {
        List<String> args = new ArrayList<>();
        settings.forEach((key, value) -> {
            args.add("-D");
            args.add(key.key() + "=" + value);
        });
        return args;
    }
}
