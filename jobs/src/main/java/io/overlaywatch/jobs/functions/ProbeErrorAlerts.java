package io.overlaywatch.jobs.functions;

import io.overlaywatch.model.Alert;
import io.overlaywatch.model.ProbeError;
import io.overlaywatch.model.WireRecord;
import org.apache.flink.api.common.functions.MapFunction;

/**
 * Turns each failed probe into a PROBE_ERROR alert with iperf3's own words as the reason. A failure is
 * an event, not a state, so it fires and never resolves; the exit code is the observed value
 * (-1 when iperf3 did not exit by itself: killed, timed out).
 */
public class ProbeErrorAlerts implements MapFunction<ProbeError, Alert> {

    private static final long serialVersionUID = 1L;

    /** What alerts call a probe: {@code run/client->server}. */
    public static String alertKey(ProbeError e) {
        return e.step().run() + "/" + e.clientPod() + "->" + e.serverPod();
    }

    @Override
    public Alert map(ProbeError e) {
        double exit = e.exitCode() == null ? -1 : e.exitCode();
        return new Alert(WireRecord.VERSION, e.time(), Alert.Type.PROBE_ERROR, Alert.Status.FIRING, alertKey(e),
                e.step().run(), exit, 0, 0, 0, e.reason());
    }
}
