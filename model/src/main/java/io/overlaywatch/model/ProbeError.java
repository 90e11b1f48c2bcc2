package io.overlaywatch.model;

import java.util.List;

/**
 * A probe that failed: iperf3 refused, busy, killed, timed out or printed garbage. Never a made-up number.
 *
 * @param v         schema version
 * @param time      when the failure was seen, epoch milliseconds
 * @param step      the step the probe was measuring
 * @param clientPod the iperf3 client
 * @param serverPod the iperf3 server
 * @param reason    one line saying what went wrong, with iperf3's own words when it gave any
 * @param exitCode  iperf3's exit code, null when it did not exit by itself
 */
public record ProbeError(int v, long time, StepKey step, String clientPod, String serverPod,
                         String reason, Integer exitCode) implements WireRecord {

    @Override
    public List<String> problems() {
        List<String> problems = Checks.stepRecord(v, time, step);
        Checks.name(problems, "clientPod", clientPod);
        Checks.name(problems, "serverPod", serverPod);
        Checks.text(problems, "reason", reason);
        return problems;
    }
}
