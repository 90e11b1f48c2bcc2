package io.overlaywatch.jobs.functions;

import io.overlaywatch.jobs.records.CostModel;
import io.overlaywatch.jobs.records.CounterDelta;
import io.overlaywatch.jobs.records.RunSummary;
import io.overlaywatch.jobs.records.StepCounters;
import io.overlaywatch.model.Alert;
import io.overlaywatch.model.Decoded;
import io.overlaywatch.model.Protocol;
import io.overlaywatch.model.Scenario;
import io.overlaywatch.model.Side;
import io.overlaywatch.model.WireCodec;
import io.overlaywatch.model.WireRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.overlaywatch.jobs.functions.StepSummaries.T0;
import static org.assertj.core.api.Assertions.assertThat;

class AlertLinesTest {

    private final Alert regression = new Alert(WireRecord.VERSION, T0, Alert.Type.REGRESSION, Alert.Status.FIRING,
            "policy/linear/tcp/policies=10000/pods=1", "r6", 16e9, 20e9, -20, 0.0004,
            "policy/linear/tcp/policies=10000/pods=1 in run r6 regressed: 16.0 Gbit/s, \"-20%\"");

    @Test
    void shouldWriteAnAlertWithItsTypeStatusRunAndKeyAsTags() {
        ParsedLine line = ParsedLine.parse(AlertLines.alert(regression));

        assertThat(line.measurement()).isEqualTo("alert");
        assertThat(line.tags()).containsExactlyInAnyOrderEntriesOf(Map.of("key", "policy/linear/tcp/policies=10000/pods=1",
                "run", "r6", "status", "firing", "type", "regression"));
        assertThat(line.fields()).containsExactlyInAnyOrderEntriesOf(Map.of("baseline", "20000000000.0",
                "change_pct", "-20.0", "observed", "16000000000.0", "score", "0.0004",
                "reason", "\"policy/linear/tcp/policies=10000/pods=1 in run r6 regressed: 16.0 Gbit/s, \\\"-20%\\\"\""));
        assertThat(line.time()).isEqualTo(T0);
    }

    @Test
    void shouldWriteARunSummaryAndOnePointPerCountLeavingOutWhatIsUndetermined() {
        CostModel model = new CostModel(3, 2, -2.3e9, -2.9e9, -1.7e9, 0.62, 20e9, 93, 80,
                CostModel.Datapath.LINEAR_COST);
        RunSummary summary = new RunSummary("r1", Scenario.POLICY, "linear", Protocol.TCP, Side.SENDER, T0 - 60_000,
                T0, 3, new int[] {1, 10000}, new double[] {27e9, 1.9e9}, new double[] {0, -25.1e9},
                new double[] {0, -93}, new int[] {2, 1}, new double[] {Double.NaN, Double.NaN}, 1, 27e9, false, 10000, 1.9e9, -25.1e9, -93, model,
                "linear tcp: 1.9 Gbit/s at 10,000 policies");

        List<String> lines = AlertLines.runSummary(summary);

        assertThat(lines).hasSize(3);
        ParsedLine run = ParsedLine.parse(lines.get(0));
        Map<String, String> runTags = Map.of("cni", "linear", "protocol", "tcp", "run", "r1", "scenario", "policy",
                "side", "sender");
        assertThat(run.measurement()).isEqualTo("run_summary");
        assertThat(run.tags()).containsExactlyInAnyOrderEntriesOf(runTags);
        assertThat(run.fields()).containsExactlyInAnyOrderEntriesOf(Map.ofEntries(
                Map.entry("change_bps", "-25100000000.0"), Map.entry("change_pct", "-93.0"), Map.entry("counts", "2i"),
                Map.entry("datapath", "\"linear-cost\""), Map.entry("first_time", "1795687140000i"),
                Map.entry("fitted_drop_pct", "93.0"), Map.entry("intercept_bps", "20000000000.0"),
                Map.entry("last_bps", "1900000000.0"), Map.entry("last_count", "10000i"),
                Map.entry("least_drop_pct", "80.0"), Map.entry("observations", "3i"), Map.entry("r_squared", "0.62"),
                Map.entry("reference_bps", "27000000000.0"), Map.entry("reference_count", "1i"),
                Map.entry("sentence", "\"linear tcp: 1.9 Gbit/s at 10,000 policies\""),
                Map.entry("slope_bps_per_1000", "-2300000000.0"), Map.entry("slope_high_bps_per_1000", "-1700000000.0"),
                Map.entry("slope_low_bps_per_1000", "-2900000000.0"), Map.entry("steps", "3i")));
        assertThat(run.time()).isEqualTo(T0);
        for (int i = 0; i < 2; i++) {
            ParsedLine point = ParsedLine.parse(lines.get(1 + i));
            Map<String, String> pointTags = new HashMap<>(runTags);
            pointTags.put("count", i == 0 ? "1" : "10000");
            assertThat(point.measurement()).isEqualTo("run_point");
            assertThat(point.tags()).containsExactlyInAnyOrderEntriesOf(pointTags);
            assertThat(point.fields()).containsExactlyInAnyOrderEntriesOf(i == 0
                    ? Map.of("change_bps", "0.0", "change_pct", "0.0", "repetitions", "2i",
                            "throughput_bps", "27000000000.0")
                    : Map.of("change_bps", "-25100000000.0", "change_pct", "-93.0", "repetitions", "1i",
                            "throughput_bps", "1900000000.0"));
        }

        CostModel undetermined = new CostModel(2, 2, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
                Double.NaN, Double.NaN, CostModel.Datapath.UNDETERMINED);
        RunSummary few = new RunSummary("r1", Scenario.POLICY, "hashed", Protocol.UDP, Side.RECEIVER, T0, T0, 2,
                new int[] {1}, new double[] {0.5e9}, new double[] {0}, new double[] {0}, new int[] {2}, new double[] {Double.NaN}, 1, 0.5e9,
                false, 1, 0.5e9, 0, 0, undetermined, "hashed udp: 0.50 Gbit/s at 1 policy only; undetermined");
        assertThat(AlertLines.runSummary(few).get(0)).contains("datapath=\"undetermined\"")
                .doesNotContain("slope").doesNotContain("NaN");
    }

    @Test
    void shouldWriteTheCountersThatMovedMostInAStep() {
        StepCounters c = new StepCounters(StepSummaries.summary(
                StepSummaries.step("r1", Scenario.POLICY, "linear", Protocol.UDP, 4, 10000, 1, 2), T0 - 9_000, T0,
                9, 0.06e9, 0.01e9), List.of(
                new CounterDelta("node-b", "snmp", "Udp_InErrors", "", 100, 3200, 3100, 31),
                new CounterDelta("node-b", "netdev", "rx_dropped", "interface=veth0", 0, 7, 7, 7)));

        List<ParsedLine> lines = AlertLines.stepCounters(c).stream().map(ParsedLine::parse).toList();

        Map<String, String> stepTags = Map.of("cni", "linear", "pods", "1", "policies", "10000", "protocol", "udp",
                "repetition", "2", "run", "r1", "scenario", "policy", "side", "receiver", "step", "4");
        assertThat(lines).extracting(ParsedLine::measurement).containsOnly("step_counter");
        assertThat(lines).extracting(ParsedLine::time).containsOnly(T0);
        Map<String, String> snmp = new HashMap<>(stepTags);
        snmp.putAll(Map.of("counter", "Udp_InErrors", "node", "node-b", "source", "snmp"));
        Map<String, String> netdev = new HashMap<>(stepTags);
        netdev.putAll(Map.of("counter", "rx_dropped", "labels", "interface=veth0", "node", "node-b", "source", "netdev"));
        assertThat(lines).extracting(ParsedLine::tags).containsExactly(snmp, netdev);
        assertThat(lines).extracting(ParsedLine::fields).containsExactly(
                Map.of("after", "3200.0", "before", "100.0", "delta", "3100.0", "relative_change", "31.0"),
                Map.of("after", "7.0", "before", "0.0", "delta", "7.0", "relative_change", "7.0"));
    }

    @Test
    void shouldSendAlertsToKafkaAsWireJsonKeyedByTheAlertKey() {
        ProducerRecord<byte[], byte[]> record = new AlertSerializer(AlertSerializer.DEFAULT_TOPIC)
                .serialize(regression, null, null);

        assertThat(record.topic()).isEqualTo("overlaywatch.alerts");
        assertThat(new String(record.key(), StandardCharsets.UTF_8))
                .isEqualTo("policy/linear/tcp/policies=10000/pods=1");
        assertThat(record.timestamp()).isEqualTo(T0);
        Decoded decoded = WireCodec.decode(record.value());
        assertThat(decoded.record()).isEqualTo(regression);
        assertThat(new String(record.value(), StandardCharsets.UTF_8))
                .contains("\"kind\":\"alert\"", "\"type\":\"regression\"", "\"status\":\"firing\"");
    }
}
