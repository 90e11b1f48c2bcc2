package io.overlaywatch.lab.bench;

import io.overlaywatch.agents.sink.KafkaRecordSink;
import io.overlaywatch.agents.sink.KafkaSinkConfig;
import io.overlaywatch.agents.sweep.StepControl;
import io.overlaywatch.model.StepCommand;
import io.overlaywatch.model.StepKey;
import io.overlaywatch.model.WireRecord;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A client agent that stays up, in control mode as the client Deployment runs it: each test is a step command on
 * the control topic, answered with {@code done} on the steps topic. What a running agent costs iperf3, without a
 * JVM's start in every test.
 */
final class CommandedAgent implements AutoCloseable {

    private static final Duration READY_TIMEOUT = Duration.ofMinutes(2);
    /**
     * From the command to iperf3's start: more than a command takes to arrive (2 s late and the agent refuses it),
     * with room for a machine that iperf3 keeps busy.
     */
    static final Duration START_AFTER = Duration.ofSeconds(5);

    private final Process process;
    private final KafkaRecordSink sink;
    private final StepControl control;
    private final String clientPod;
    private final String server;
    private final Path log;

    private CommandedAgent(Process process, KafkaRecordSink sink, String clientPod, String server, Path log) {
        this.process = process;
        this.sink = sink;
        this.clientPod = clientPod;
        this.server = server;
        this.log = log;
        this.control = new StepControl(sink, KafkaSinkConfig.DEFAULT_CONTROL_TOPIC);
    }

    /**
     * Starts the agent and waits until it reads the control topic.
     *
     * @param command   {@link AgentProcess#controlCommand}
     * @param env       added to the agent's environment, e.g. the downward API's variables
     * @param clientPod the agent's {@code --client-pod}, which the commands address
     * @param server    the server address every test measures against
     */
    static CommandedAgent start(List<String> command, Map<String, String> env, String clientPod,
                                String bootstrapServers, String server, Path log) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(env);
        Process process = builder.start();
        KafkaRecordSink sink = null;
        try {
            long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
            while (!Files.readString(log).contains("taking step commands")) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    throw new IllegalStateException("the agent in control mode did not start within "
                            + READY_TIMEOUT.toSeconds() + " s; see " + log);
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
            }
            sink = new KafkaRecordSink(KafkaSinkConfig.of(bootstrapServers));
            return new CommandedAgent(process, sink, clientPod, server, log);
        } catch (IOException | RuntimeException e) {
            if (sink != null) {
                sink.close();
            }
            process.destroyForcibly();
            throw e;
        }
    }

    long pid() {
        return process.pid();
    }

    /** Runs one test of the step and waits until the agent says it is done. */
    void test(StepKey step, int seconds, int streams) {
        awaitDone(send(step, seconds, streams));
    }

    /** Sends one test of the step, to start {@link #START_AFTER} from now; returns the command. */
    StepCommand send(StepKey step, int seconds, int streams) {
        long now = System.currentTimeMillis();
        StepCommand command = new StepCommand(WireRecord.VERSION, now, step, now + START_AFTER.toMillis(), seconds, 0,
                streams, 0, List.of(clientPod), Map.of(clientPod, server));
        control.send(command);
        return command;
    }

    /** Waits until the agent says the command's test is done; throws with the agent's reason if it failed. */
    void awaitDone(StepCommand command) {
        StepControl.Outcome outcome = control.await(command,
                command.startAt() + TimeUnit.SECONDS.toMillis(command.durationSeconds() + 60L));
        if (!outcome.succeeded()) {
            throw new IllegalStateException("the agent's test failed: " + outcome.reason() + "; see " + log);
        }
    }

    /** Stops the agent first (whatever else fails), then the bench's own producer and consumer. */
    @Override
    public void close() throws InterruptedException {
        try {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } finally {
            try {
                control.close();
            } finally {
                sink.close();
            }
        }
    }
}
