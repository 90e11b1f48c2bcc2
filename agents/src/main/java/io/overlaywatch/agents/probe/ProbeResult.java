package io.overlaywatch.agents.probe;

import java.util.List;

/**
 * How one iperf3 run ended.
 *
 * @param exitCode    iperf3's exit code, null when the agent had to kill it
 * @param samplesSent samples handed to the sink
 * @param errors      the reasons of the probe errors sent, empty when the run was good
 * @param stopped     whether the owner stopped the probe (a server stopped while waiting is not an error)
 */
public record ProbeResult(Integer exitCode, int samplesSent, List<String> errors, boolean stopped) {

    public ProbeResult {
        errors = List.copyOf(errors);
    }

    /** True when iperf3 finished its test and reported no failure. */
    public boolean ok() {
        return errors.isEmpty() && !stopped;
    }
}
