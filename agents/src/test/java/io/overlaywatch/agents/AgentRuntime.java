package io.overlaywatch.agents;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts a main class of this module on the agent's Java runtime ({@code target/agent-runtime}, which the build
 * makes with jlink from {@code src/main/jlink/agent-runtime.args}, as the image does): its modules and its JVM
 * options, with this module's class path.
 */
public final class AgentRuntime {

    private static final Path JAVA = Path.of("target", "agent-runtime", "bin", "java");

    private AgentRuntime() {
    }

    /** The command line that runs {@code mainClass} with {@code args} on the agent's runtime. */
    public static List<String> command(Class<?> mainClass, List<String> args) {
        if (!Files.isExecutable(JAVA)) {
            throw new IllegalStateException("no agent runtime at " + JAVA.toAbsolutePath()
                    + ": the agents module's build makes it (mvn package, or mvn test)");
        }
        List<String> command = new ArrayList<>(List.of(JAVA.toString(), "-cp", System.getProperty("java.class.path"),
                mainClass.getName()));
        command.addAll(args);
        return command;
    }
}
