package io.overlaywatch.lab.bench;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * How an agent JVM under test starts: a Java home's {@code bin/java} and the options after it.
 *
 * @param home    the Java home: the agent's runtime (jlink, with its JVM options built in) or the bench's JDK
 * @param options options on the command line, after those the runtime carries
 * @param label   what the bench's table calls it
 */
record AgentJvm(Path home, List<String> options, String label) {

    /** The JDK the bench runs on, with the JVM's defaults. */
    static AgentJvm jdkDefaults() {
        return new AgentJvm(Path.of(System.getProperty("java.home")), List.of(), "JDK " + Runtime.version().feature()
                + ", JVM defaults");
    }

    /**
     * The agent's runtime as the image ships it, and {@code options} (blank for none) after its own.
     *
     * @throws IllegalStateException if {@code home} holds no {@code bin/java}
     */
    static AgentJvm runtime(Path home, String options) {
        if (!Files.isExecutable(java(home))) {
            throw new IllegalStateException("no agent runtime at " + home + " (build with mvn package)");
        }
        List<String> extra = options.isBlank() ? List.of() : List.of(options.trim().split("\\s+"));
        return new AgentJvm(home, extra, "agent runtime" + (extra.isEmpty() ? "" : " " + String.join(" ", extra)));
    }

    /** {@code bin/java} and the options: the start of the agent's command line. */
    List<String> command() {
        List<String> command = new ArrayList<>();
        command.add(java(home).toString());
        command.addAll(options);
        return command;
    }

    private static Path java(Path home) {
        return home.resolve("bin").resolve("java");
    }

    /**
     * Writes back and drops the page cache of the Java home's {@code lib/} (dd's {@code iflag=nocache}), so that
     * each usage run maps libjvm, the CDS archive and the module image as read from disk, whatever wrote them last.
     * A file jlink has just written sits in the cache in large folios, and mapping part of one maps all of it:
     * libjvm counted 4.7 MiB more in RSS (BENCHMARKS.md, bench agent).
     */
    void dropPageCache() throws IOException, InterruptedException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(home.resolve("lib"))) {
            files = walk.filter(Files::isRegularFile).toList();
        }
        for (Path file : files) {
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
                channel.force(true); // dirty pages are not dropped
            }
            Process dd = new ProcessBuilder("dd", "if=" + file, "iflag=nocache", "count=0", "status=none")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!dd.waitFor(30, TimeUnit.SECONDS) || dd.exitValue() != 0) {
                dd.destroyForcibly();
                throw new IOException("dd could not drop the page cache of " + file);
            }
        }
    }
}
