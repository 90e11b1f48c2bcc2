package io.overlaywatch.agents.control;

import io.overlaywatch.agents.probe.Iperf3Probe;
import io.overlaywatch.agents.probe.ProbeResult;
import io.overlaywatch.agents.probe.RunningProbe;
import io.overlaywatch.agents.sink.RecordSink;
import io.overlaywatch.model.StepAck;
import io.overlaywatch.model.StepCommand;
import io.overlaywatch.model.WireRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * Runs one commanded step on this client: acknowledges it, waits for its start time so that all clients of the
 * step start together, runs the test and acknowledges how it ended. Samples carry the commanded step unchanged,
 * so they meet the driver's step markers in the job.
 */
public final class StepCommandRunner {

    /** A client that would start later than this after {@code startAt} fails the step instead of skewing it. */
    public static final Duration START_TOLERANCE = Duration.ofSeconds(2);

    private static final Logger LOG = LoggerFactory.getLogger(StepCommandRunner.class);

    private final String clientPod;
    private final Function<StepCommand, Iperf3Probe> probes;
    private final RecordSink sink;
    private final LongSupplier clock;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile RunningProbe current;

    /**
     * @param probes the client probe of a command: its step, duration, streams and protocol
     * @param sink   where the samples of the test (through the probe) and the acks go
     */
    public StepCommandRunner(String clientPod, Function<StepCommand, Iperf3Probe> probes, RecordSink sink,
                             LongSupplier clock) {
        this.clientPod = Objects.requireNonNull(clientPod, "clientPod");
        this.probes = Objects.requireNonNull(probes, "probes");
        this.sink = Objects.requireNonNull(sink, "sink");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public String clientPod() {
        return clientPod;
    }

    /** Whether the command's test is over, so that a client reading old commands leaves it alone. */
    public boolean isOver(StepCommand command) {
        return clock.getAsLong() > command.startAt() + 1000L * (command.durationSeconds() + command.omitSeconds());
    }

    /**
     * Runs a command addressed to this client; returns the final ack (done or failed), empty when stopped before
     * the test began.
     */
    public Optional<StepAck> run(StepCommand command) throws InterruptedException {
        String step = "run " + command.step().run() + " step " + command.step().index()
                + " repetition " + command.step().repetition();
        long lateBy = clock.getAsLong() - command.startAt();
        if (lateBy > START_TOLERANCE.toMillis()) {
            return Optional.of(ack(command, StepAck.Status.FAILED, "received " + lateBy
                    + " ms after its start time; the step's other clients have started without this one"));
        }
        ack(command, StepAck.Status.ACCEPTED, null);
        long wait = command.startAt() - clock.getAsLong();
        // Waiting for a start time, not for a condition: stopping ends the wait at once.
        if (wait > 0 && stopped.await(wait, TimeUnit.MILLISECONDS)) {
            return Optional.empty();
        }
        if (stopped.getCount() == 0) {
            return Optional.empty();
        }
        LOG.info("{}: starting {} s of {}", step, command.durationSeconds(), command.step().protocol().wireName());
        Iperf3Probe probe = probes.apply(command);
        ProbeResult result;
        try {
            current = probe.start();
            if (stopped.getCount() == 0) {
                current.stop();
            }
            result = current.await();
        } catch (IOException e) {
            return Optional.of(ack(command, StepAck.Status.FAILED, e.getMessage()));
        } finally {
            current = null;
        }
        if (result.ok()) {
            return Optional.of(ack(command, StepAck.Status.DONE, null));
        }
        String why = result.errors().isEmpty() ? "stopped before the test ended" : String.join("; ", result.errors());
        return Optional.of(ack(command, StepAck.Status.FAILED, why));
    }

    /** Stops a running test or the wait for one; the test's records and its ack are still sent. */
    public void stop() {
        stopped.countDown();
        RunningProbe running = current;
        if (running != null) {
            running.stop();
        }
    }

    private StepAck ack(StepCommand command, StepAck.Status status, String message) {
        StepAck ack = new StepAck(WireRecord.VERSION, clock.getAsLong(), command.step(), clientPod, status, message);
        sink.send(ack);
        if (status == StepAck.Status.FAILED) {
            LOG.warn("run {} step {}: failed: {}", command.step().run(), command.step().index(), message);
        }
        return ack;
    }
}
