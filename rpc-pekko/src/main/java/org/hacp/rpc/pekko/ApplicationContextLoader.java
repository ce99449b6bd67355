package org.hacp.rpc.pekko;

import org.hacp.rpc.RpcEndpoint;

/**
 * Runs application code (endpoints, callers' callbacks) with the application's context class
 * loader. Pekko's threads carry the loader they were given, which in the isolated jar (issue 18)
 * is the submodule loader; a context-loader lookup in user code would otherwise find the isolated
 * Scala or Pekko instead of the application's.
 */
final class ApplicationContextLoader {
    private static final ClassLoader APPLICATION = RpcEndpoint.class.getClassLoader();

    private ApplicationContextLoader() {}

    /** Switches the current thread to the application's loader; returns the loader to restore. */
    static ClassLoader enter() {
        Thread thread = Thread.currentThread();
        ClassLoader before = thread.getContextClassLoader();
        thread.setContextClassLoader(APPLICATION);
        return before;
    }

    static void exit(ClassLoader before) {
        Thread.currentThread().setContextClassLoader(before);
    }
}
