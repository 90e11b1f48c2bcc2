package io.overlaywatch.model;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/**
 * A client agent's answer to a {@link StepCommand}, written to the steps topic so the driver
 * knows which clients took part and how their test ended.
 *
 * @param v         schema version
 * @param time      when the status was reached, epoch milliseconds
 * @param step      the commanded step
 * @param clientPod the answering client
 * @param status    accepted, done or failed
 * @param message   why it failed, or null
 */
public record StepAck(int v, long time, StepKey step, String clientPod, Status status, String message)
        implements WireRecord {

    /** How far the client got with the commanded test. */
    public enum Status {
        @JsonProperty("accepted") ACCEPTED,
        @JsonProperty("done") DONE,
        @JsonProperty("failed") FAILED;

        private final String wireName = name().toLowerCase(java.util.Locale.ROOT);

        /** The name used on the wire. */
        public String wireName() {
            return wireName;
        }
    }

    @Override
    public List<String> problems() {
        List<String> problems = Checks.stepRecord(v, time, step);
        Checks.text(problems, "clientPod", clientPod);
        Checks.present(problems, "status", status);
        if (status == Status.FAILED) {
            Checks.text(problems, "message", message);
        }
        return problems;
    }
}
