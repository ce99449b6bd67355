package org.hacp.chaos;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;

/** The classpath the chaos tests give the JVMs they start: this module's classes and runtime dependencies. */
public final class ChildClasspath {
    private ChildClasspath() {}

    public static String get() throws Exception {
        return Path.of("target", "classes").toAbsolutePath()
                + File.pathSeparator
                + Files.readString(Path.of("target", "classpath.txt")).trim();
    }
}
