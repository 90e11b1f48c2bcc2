package io.overlaywatch.agents.iperf3;

/**
 * A failure seen in iperf3's output: its own error line, or output that ended before the test did.
 *
 * @param test    number of the test in the output, from 1 (0 before any test started)
 * @param message one line: iperf3's words when it gave any
 */
public record Iperf3Failure(int test, String message) implements Iperf3Event {
}
