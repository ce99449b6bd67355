package org.hacp.ha.zookeeper;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import javax.security.auth.login.AppConfigurationEntry;
import javax.security.auth.login.Configuration;
import org.apache.zookeeper.client.ZKClientConfig;
import org.apache.zookeeper.server.auth.DigestLoginModule;

/**
 * ZooKeeper SASL (DIGEST-MD5) with the cluster's digest credential ({@code user:password}): the
 * server checks the password before a session may do anything, unlike digest auth, which any
 * client may claim with any password and which only decides whose ACLs match.
 *
 * <p>ZooKeeper finds SASL logins by section name in the JVM's JAAS configuration. Rather than a
 * JAAS file named by a JVM-wide system property, each client and server gets a section of its own
 * in {@link Logins}, an in-memory configuration installed once in front of whatever the JVM had
 * (other sections are passed through), so two clients in one JVM may use different credentials.
 * Thread-safe.
 */
final class ZooKeeperSasl {
    private static final String DIGEST_LOGIN = DigestLoginModule.class.getName();
    private static final AtomicLong SECTIONS = new AtomicLong();

    private ZooKeeperSasl() {}

    /** Client settings that log in with {@code userAndPassword} ("user:password"). */
    static void configureClient(ZKClientConfig config, String userAndPassword) {
        int colon = userAndPassword.indexOf(':');
        Map<String, String> options = new LinkedHashMap<>();
        options.put("username", userAndPassword.substring(0, colon));
        options.put("password", userAndPassword.substring(colon + 1));
        String section = Logins.install().add("hacp-zookeeper-client-" + SECTIONS.incrementAndGet(), options);
        config.setProperty(ZKClientConfig.ENABLE_CLIENT_SASL_KEY, "true");
        config.setProperty(ZKClientConfig.LOGIN_CONTEXT_NAME_KEY, section);
    }

    /**
     * zoo.cfg settings of a server that accepts only sessions that logged in with
     * {@code userAndPassword}; every other request is refused (ZooKeeper's enforce.auth).
     */
    static Map<String, String> serverProperties(String userAndPassword) {
        int colon = userAndPassword.indexOf(':');
        String section = Logins.install()
                .add(
                        "hacp-zookeeper-server-" + SECTIONS.incrementAndGet(),
                        Map.of("user_" + userAndPassword.substring(0, colon), userAndPassword.substring(colon + 1)));
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("authProvider.sasl", "org.apache.zookeeper.server.auth.SASLAuthenticationProvider");
        properties.put("sasl.serverconfig", section);
        properties.put("enforce.auth.enabled", "true");
        properties.put("enforce.auth.schemes", "sasl");
        return properties;
    }

    /** The in-memory JAAS sections, in front of the JVM's own configuration. */
    static final class Logins extends Configuration {
        private static Logins installed;

        private final Configuration previous;
        private final Map<String, AppConfigurationEntry[]> sections = new ConcurrentHashMap<>();

        private Logins(Configuration previous) {
            this.previous = previous;
        }

        static synchronized Logins install() {
            if (installed == null) {
                Configuration previous;
                try {
                    previous = Configuration.getConfiguration();
                } catch (SecurityException e) {
                    previous = null; // no JAAS file: ours are the only sections
                }
                installed = new Logins(previous);
                Configuration.setConfiguration(installed);
            }
            return installed;
        }

        String add(String name, Map<String, String> options) {
            sections.put(name, new AppConfigurationEntry[] {
                new AppConfigurationEntry(
                        DIGEST_LOGIN, AppConfigurationEntry.LoginModuleControlFlag.REQUIRED, Map.copyOf(options))
            });
            return name;
        }

        @Override
        public AppConfigurationEntry[] getAppConfigurationEntry(String name) {
            AppConfigurationEntry[] ours = sections.get(name);
            if (ours != null) {
                return ours;
            }
            return previous == null ? null : previous.getAppConfigurationEntry(name);
        }
    }
}
