package org.hacp.rpc.isolation;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hacp.config.ConfigReader;
import org.hacp.rpc.RpcSystem;
import org.hacp.rpc.RpcSystemLoader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads the Pekko RPC system from the jar embedded in this one (rpc-pekko's "isolated" jar), in a
 * {@link SubmoduleClassLoader} of its own (issue 18): Pekko, Scala and their configuration library
 * never reach the application's class path, which may carry other versions of them. The jar is
 * extracted to {@code java.io.tmpdir} as {@code hacp-rpc-pekko-<pid>-<random>.jar}; closing the system
 * deletes it, and a later load deletes those of processes that died without closing (kill -9).
 */
public final class PekkoRpcSystemLoader implements RpcSystemLoader {
    private static final Logger LOG = LoggerFactory.getLogger(PekkoRpcSystemLoader.class);
    static final String EMBEDDED_JAR = "hacp-rpc-pekko.jar";
    private static final String SYSTEM_CLASS = "org.hacp.rpc.pekko.PekkoRpcSystem";
    private static final String OWN_PACKAGE = "org.hacp.rpc.pekko.";
    private static final String PREFIX = "hacp-rpc-pekko-";
    private static final Pattern EXTRACTED = Pattern.compile(Pattern.quote(PREFIX) + "(\\d+)-\\d+\\.jar");

    @Override
    public String name() {
        return "pekko";
    }

    /** Above every other system: only Pekko reaches other processes. */
    @Override
    public int loadPriority() {
        return 100;
    }

    @Override
    public RpcSystem loadRpcSystem(ConfigReader config) throws IOException, ReflectiveOperationException {
        Path dir = Path.of(System.getProperty("java.io.tmpdir"));
        deleteOrphans(dir);
        Path jar = extract(dir);
        SubmoduleClassLoader loader =
                new SubmoduleClassLoader(jar.toUri().toURL(), RpcSystem.class.getClassLoader(), OWN_PACKAGE);
        try {
            RpcSystem system = (RpcSystem)
                    Class.forName(SYSTEM_CLASS, true, loader).getConstructor().newInstance();
            return new IsolatedRpcSystem(system, loader, jar);
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            IsolatedRpcSystem.release(loader, jar);
            throw e;
        }
    }

    private static Path extract(Path dir) throws IOException {
        try (InputStream in = PekkoRpcSystemLoader.class.getResourceAsStream(EMBEDDED_JAR)) {
            if (in == null) {
                throw new IOException(EMBEDDED_JAR + " is missing next to " + PekkoRpcSystemLoader.class.getName()
                        + " (rpc-runtime was built without rpc-pekko's isolated jar)");
            }
            Path jar =
                    Files.createTempFile(dir, PREFIX + ProcessHandle.current().pid() + "-", ".jar");
            jar.toFile().deleteOnExit();
            Files.copy(in, jar, StandardCopyOption.REPLACE_EXISTING);
            return jar;
        }
    }

    /** Extracted jars of processes that are gone: a killed process cannot delete its own. */
    private static void deleteOrphans(Path dir) {
        try (DirectoryStream<Path> extracted = Files.newDirectoryStream(dir, PREFIX + "*.jar")) {
            for (Path jar : extracted) {
                Matcher name = EXTRACTED.matcher(jar.getFileName().toString());
                if (name.matches()
                        && ProcessHandle.of(Long.parseLong(name.group(1))).isEmpty()) {
                    Files.deleteIfExists(jar);
                    LOG.info("Deleted {}, extracted by process {} that is gone", jar, name.group(1));
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("Could not clear jars of dead processes from {}: {}", dir, e.toString());
        }
    }
}
