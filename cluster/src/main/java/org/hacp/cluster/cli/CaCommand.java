package org.hacp.cluster.cli;

import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigRenderOptions;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.hacp.threads.CommandExit;
import org.hacp.tls.ClusterCa;
import org.hacp.tls.TlsConfig;
import org.hacp.tls.TlsMaterialSource;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code scripts/ca}: issues member certificates from a cluster CA kept in a directory (created on
 * first use), and re-issues them in place to rotate: a running process picks the new files up
 * within its {@code hacp.security.tls.reload-interval}. For clusters without a CA of their own.
 */
@Command(
        name = "ca",
        mixinStandardHelpOptions = true,
        description = "Issue (or rotate) member certificates from the cluster CA in --dir.")
public final class CaCommand implements Callable<Integer> {

    @Option(names = "--dir", required = true, description = "Directory of the CA and the certificates.")
    Path dir;

    @Option(names = "--cluster", defaultValue = "hacp", description = "Cluster name in the CA's subject.")
    String cluster;

    @Parameters(arity = "1..*", paramLabel = "MEMBER", description = "Members to issue for, e.g. jobmanager-1.")
    String[] members;

    public static void main(String[] args) {
        CommandExit.exit(new CommandLine(new CaCommand()).execute(args));
    }

    @Override
    public Integer call() {
        ClusterCa ca = ClusterCa.openOrCreate(dir, cluster);
        for (String member : members) {
            TlsConfig tls;
            try {
                tls = ca.issue(member);
            } catch (IllegalArgumentException e) {
                System.err.println("ca: " + e.getMessage());
                return 2;
            }
            TlsMaterialSource.Pem pem = (TlsMaterialSource.Pem) tls.material();
            Map<String, Object> settings = new LinkedHashMap<>();
            settings.put("enabled", true);
            settings.put("certificate-file", pem.certificate().toAbsolutePath().toString());
            settings.put("key-file", pem.key().toAbsolutePath().toString());
            settings.put("ca-file", pem.ca().toAbsolutePath().toString());
            // Rendered, not pasted together: any path comes out as valid HOCON.
            System.out.println(member + ": hacp.security.tls "
                    + ConfigFactory.parseMap(settings).root().render(ConfigRenderOptions.concise()));
        }
        return 0;
    }
}
