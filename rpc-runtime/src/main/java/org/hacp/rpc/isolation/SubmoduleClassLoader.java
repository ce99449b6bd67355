package org.hacp.rpc.isolation;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.Enumeration;
import java.util.List;

/**
 * Loads a submodule from its own jar first (issue 18). Only what the submodule and the application
 * must share comes from the parent first: the JDK, SLF4J, and the project's classes outside the
 * submodule's own package. Whatever else the jar lacks (Jackson, BouncyCastle) still comes from the
 * parent, after the jar. Resources follow the same rule: of a shared name the parent's come first,
 * of any other name only the jar's are listed, so Pekko reads its own {@code reference.conf} and
 * never that of a Pekko on the application's class path.
 */
final class SubmoduleClassLoader extends URLClassLoader {
    static {
        registerAsParallelCapable();
    }

    private static final String SERVICES = "META-INF/services/";
    private static final List<String> SHARED =
            List.of("java.", "javax.", "jdk.", "sun.", "com.sun.", "org.slf4j.", "org.hacp.");

    /** The submodule's own package prefix, e.g. {@code org.hacp.rpc.pekko.}: never shared. */
    private final String ownPackage;

    SubmoduleClassLoader(URL jar, ClassLoader parent, String ownPackage) {
        super("hacp-submodule[" + ownPackage + "]", new URL[] {jar}, parent);
        this.ownPackage = ownPackage;
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        if (shared(name)) {
            return super.loadClass(name, resolve);
        }
        synchronized (getClassLoadingLock(name)) {
            Class<?> loaded = findLoadedClass(name);
            if (loaded == null) {
                try {
                    loaded = findClass(name);
                } catch (ClassNotFoundException notInJar) {
                    loaded = getParent().loadClass(name);
                }
            }
            if (resolve) {
                resolveClass(loaded);
            }
            return loaded;
        }
    }

    @Override
    public URL getResource(String name) {
        if (sharedResource(name)) {
            return super.getResource(name);
        }
        URL own = findResource(name);
        return own != null ? own : getParent().getResource(name);
    }

    @Override
    public Enumeration<URL> getResources(String name) throws IOException {
        return sharedResource(name) ? super.getResources(name) : findResources(name);
    }

    private boolean shared(String className) {
        if (className.startsWith(ownPackage)) {
            return false;
        }
        for (String prefix : SHARED) {
            if (className.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    /** A class file's or a service file's name is shared when its class is. */
    private boolean sharedResource(String name) {
        String asClass = name.startsWith(SERVICES) ? name.substring(SERVICES.length()) : name.replace('/', '.');
        return shared(asClass);
    }
}
