package io.overlaywatch.agents.iperf3;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The version of an iperf3 binary, which decides how its output can be read.
 *
 * @param major 3 for every iperf3
 * @param minor 12 for Debian 12's iperf3; {@code --json-stream} exists from 17
 */
public record Iperf3Version(int major, int minor) {

    private static final Pattern VERSION = Pattern.compile("\\biperf (\\d{1,4})\\.(\\d{1,4})");
    private static final long PROBE_TIMEOUT_SECONDS = 10;
    private static final int MAX_PROBE_OUTPUT = 64 * 1024;

    public Iperf3Version {
        if (major < 0 || minor < 0) {
            throw new IllegalArgumentException("iperf3 version numbers cannot be negative: " + major + "." + minor);
        }
    }

    /**
     * Reads the version from {@code iperf3 --version}: {@code iperf 3.12 (cJSON 1.7.15)}, {@code iperf 3.21+},
     * {@code iperf 3.1.3}.
     *
     * @throws IllegalArgumentException if the text names no iperf version
     */
    public static Iperf3Version parse(String versionOutput) {
        Matcher m = VERSION.matcher(versionOutput == null ? "" : versionOutput);
        if (!m.find()) {
            throw new IllegalArgumentException("no iperf3 version in: "
                    + ParserSupport.excerpt(versionOutput == null ? "null" : versionOutput.strip()));
        }
        return new Iperf3Version(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
    }

    /**
     * Runs {@code <binary> --version} and reads its version.
     *
     * @param binary the iperf3 executable, a path or a name looked up on the PATH
     * @throws IllegalStateException if the binary is missing, hangs or prints no version
     */
    public static Iperf3Version probe(String binary) {
        Objects.requireNonNull(binary, "binary");
        Process process;
        try {
            process = new ProcessBuilder(List.of(binary, "--version")).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot run iperf3 binary '" + binary + "' (" + e.getMessage()
                    + "); install it with `apt-get install -y iperf3` or pass the path of the binary", e);
        }
        // Read on another thread so that a binary which never closes its output cannot outlast the timeout.
        FutureTask<String> output = new FutureTask<>(() -> readAtMost(process.getInputStream()));
        Thread reader = new Thread(output, "iperf3-version-probe");
        reader.setDaemon(true);
        reader.start();
        try {
            process.getOutputStream().close();
            if (!process.waitFor(PROBE_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                throw new IllegalStateException("'" + binary + " --version' did not exit within "
                        + PROBE_TIMEOUT_SECONDS + " s");
            }
            String text = output.get(PROBE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            try {
                return parse(text);
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException("'" + binary + " --version' (exit code " + process.exitValue()
                        + ") printed no iperf3 version; is it iperf3? " + e.getMessage(), e);
            }
        } catch (IOException | ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot read the output of '" + binary + " --version': " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running '" + binary + " --version'", e);
        } finally {
            process.destroyForcibly();
        }
    }

    private static String readAtMost(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] chunk = new byte[4096];
        int n;
        while ((n = in.read(chunk)) >= 0) {
            if (out.size() < MAX_PROBE_OUTPUT) {
                out.write(chunk, 0, Math.min(n, MAX_PROBE_OUTPUT - out.size()));
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /** Whether this iperf3 has {@code --json-stream}, one JSON event per interval (3.17 and later). */
    public boolean hasJsonStream() {
        return isAtLeast(3, 17);
    }

    /** Whether this version is {@code major.minor} or later. */
    public boolean isAtLeast(int major, int minor) {
        return this.major != major ? this.major > major : this.minor >= minor;
    }

    @Override
    public String toString() {
        return major + "." + minor;
    }
}
