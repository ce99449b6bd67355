package org.hacp.rpc;

import java.util.regex.Pattern;

/**
 * The shape of an endpoint address another process hands over (a TaskExecutor registering, a
 * JobMaster in a deployment): {@code pekko://<system>@<host>:<port>/user/rpc/<endpoint>} and
 * nothing else, so a peer cannot make a receiver dial an arbitrary URL (issue 12). The in-memory
 * system's {@code in-memory://<service>/<endpoint>} is accepted too (issue 29 item 3: component
 * tests run on it): it names no network host, and a Pekko service refuses to connect to it.
 */
public final class EndpointAddresses {
    private static final Pattern ADDRESS = Pattern.compile(
            "pekko://[A-Za-z0-9][A-Za-z0-9_-]{0,63}@[A-Za-z0-9.:\\[\\]-]{1,255}:\\d{1,5}/user/rpc/[A-Za-z0-9][A-Za-z0-9_.-]{0,127}"
                    + "|in-memory://[A-Za-z0-9][A-Za-z0-9_-]{0,63}/[A-Za-z0-9][A-Za-z0-9_.-]{0,127}");

    private EndpointAddresses() {}

    /** {@code address} if it is an endpoint address; otherwise an IllegalArgumentException naming {@code what}. */
    public static String require(String address, String what) {
        if (address == null || !ADDRESS.matcher(address).matches()) {
            throw new IllegalArgumentException(what + " '" + abbreviate(address)
                    + "' is not an endpoint address (pekko://<system>@<host>:<port>/user/rpc/<endpoint>)");
        }
        return address;
    }

    private static String abbreviate(String s) {
        return s == null ? "null" : s.length() <= 100 ? s : s.substring(0, 100) + "...";
    }
}
