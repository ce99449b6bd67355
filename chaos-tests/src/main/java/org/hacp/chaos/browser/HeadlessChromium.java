package org.hacp.chaos.browser;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's {@code chromium} in headless mode, as a test drives it: load a page, let its scripts run
 * for a budget of virtual time, and return the DOM with every console message the page produced
 * (Chromium writes them to stderr as {@code INFO:CONSOLE} lines). The cluster's throwaway CA is not
 * in the browser's store, so certificate errors are ignored: the test is about the page, and
 * {@code StatusTlsTest} covers the certificate. Debian's {@code chromium}; {@code .ci/run} installs it.
 */
public final class HeadlessChromium {
    /** What a page left after its scripts ran. */
    public record Page(String dom, List<String> console) {}

    private static final long TIMEOUT_SECONDS = 60;

    private HeadlessChromium() {}

    /** Loads {@code url}; temporary files and the browser profile go to {@code workDir}. */
    public static Page load(String url, Path workDir) throws IOException, InterruptedException {
        Path out = Files.createTempFile(workDir, "dom", ".html");
        Path err = Files.createTempFile(workDir, "chromium", ".log");
        run(workDir, out, err, "--virtual-time-budget=5000", "--enable-logging=stderr", "--v=0", "--dump-dom", url);
        List<String> console = new ArrayList<>();
        for (String line : Files.readAllLines(err, StandardCharsets.UTF_8)) {
            if (line.contains(":CONSOLE")) {
                console.add(line);
            }
        }
        return new Page(Files.readString(out, StandardCharsets.UTF_8), console);
    }

    /** Saves a 1280x1100 screenshot of {@code url} to {@code png}. */
    public static void screenshot(String url, Path png, Path workDir) throws IOException, InterruptedException {
        Files.createDirectories(png.getParent());
        Path log = Files.createTempFile(workDir, "screenshot", ".log");
        run(
                workDir,
                log,
                log,
                "--virtual-time-budget=5000",
                "--window-size=1280,1100",
                "--screenshot=" + png.toAbsolutePath(),
                url);
    }

    private static void run(Path workDir, Path out, Path err, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                "chromium",
                "--headless",
                "--no-sandbox", // runs as root in CI
                "--disable-gpu",
                "--ignore-certificate-errors",
                "--user-data-dir=" + workDir.resolve("profile").toAbsolutePath()));
        command.addAll(List.of(args));
        Process p;
        try {
            p = new ProcessBuilder(command)
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile())
                    .start();
        } catch (IOException e) {
            throw new IOException("chromium is not installed: .ci/run installs it from Debian's chromium package", e);
        }
        if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("chromium did not finish within " + TIMEOUT_SECONDS + " s: " + command);
        }
    }
}
