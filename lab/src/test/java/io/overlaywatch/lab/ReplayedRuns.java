package io.overlaywatch.lab;

import io.overlaywatch.agents.sink.RecordSink;
import io.overlaywatch.jobs.query.InfluxQuery;
import io.overlaywatch.model.Counter;
import io.overlaywatch.model.ProbeError;
import io.overlaywatch.model.Protocol;
import io.overlaywatch.model.Sample;
import io.overlaywatch.model.Scenario;
import io.overlaywatch.model.Side;
import io.overlaywatch.model.StepKey;
import io.overlaywatch.model.StepMarker;
import io.overlaywatch.model.WireRecord;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Records as the agents and the sweep driver send them, for the whole pipeline to turn into every series the
 * dashboards and the report read: two policy sweeps (linear-cost and flat profiles, TCP and UDP), a pod sweep,
 * a live run whose UDP link loses datagrams and whose TCP stream stalls, a probe error, and the node and CNI
 * counters of each run. Event times lie in the last hours, so Grafana's default time ranges show them.
 */
public final class ReplayedRuns {

    public static final String POLICY_RUN = "replay-policy-a";
    /** The same sweep again, with linear 10% slower: the run comparison's second run. */
    public static final String POLICY_RUN_B = "replay-policy-b";
    public static final String POD_RUN = "replay-pod";
    public static final String LIVE_RUN = "replay-live";
    public static final List<String> NODES = List.of("node-a", "node-b", "node-c");

    private static final int[] POLICY_COUNTS = {1, 100, 1000};
    private static final int[] POD_COUNTS = {1, 2, 4};
    private static final int REPETITIONS = 2;
    private static final int STEP_SECONDS = 4;
    private static final int LIVE_SECONDS = 300;

    private final List<WireRecord> records = new ArrayList<>();
    private final long from;
    private long clock;
    private long samples;
    private long sweepSummaries;
    private final java.util.Set<String> sweepLines = new java.util.HashSet<>();

    private ReplayedRuns(long from) {
        this.from = from;
        this.clock = from;
    }

    /** Builds the runs, starting on a whole minute two hours ago. */
    public static ReplayedRuns build() {
        ReplayedRuns r = new ReplayedRuns(Instant.now().minus(Duration.ofHours(2)).truncatedTo(ChronoUnit.MINUTES)
                .toEpochMilli());
        r.policySweep(POLICY_RUN, 1.0);
        r.policySweep(POLICY_RUN_B, 0.9);
        r.podSweep();
        r.live();
        r.records.sort(Comparator.comparingLong(WireRecord::time));
        return r;
    }

    /**
     * Waits until the job consumes (a first counter reaches InfluxDB), then sends every record in event-time order,
     * {@code speedup} times faster than they happened, as agents would send them live. Sent all at once, or into
     * a backlog while the job starts, the source reads some partitions seconds after others, takes them for idle,
     * and their records arrive behind the watermark.
     */
    public void sendTo(RecordSink sink, InfluxQuery query, int speedup) throws IOException, InterruptedException {
        sink.send(new Counter(WireRecord.VERSION, from - 60_000, "replay-warm-up", "node-a", "rules", "policy_rules",
                Map.of(), 0));
        sink.flush();
        await(query, Duration.ofSeconds(60), q -> q.rows("SELECT last(\"value\") FROM \"counter\""
                + " WHERE \"run\" = 'replay-warm-up'").isEmpty() ? "the warm-up counter" : null);
        long started = System.nanoTime();
        for (WireRecord record : records) {
            long due = started + (record.time() - from) * 1_000_000 / speedup;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            }
            sink.send(record);
        }
        sink.flush();
    }

    /** Start of the first record, epoch ms. */
    public long from() {
        return from;
    }

    /** End of the last record, epoch ms. */
    public long to() {
        return clock;
    }

    /**
     * Polls until InfluxDB holds every interval sent, the summaries of the three sweeps, the counters attached
     * to steps and the live run's alerts; fails naming what is missing at the deadline.
     */
    public void awaitWritten(InfluxQuery query, Duration timeout) throws IOException, InterruptedException {
        await(query, timeout, this::missing);
    }

    private interface Check {
        /** What is still missing, or null. */
        String missing(InfluxQuery query) throws IOException;
    }

    private static void await(InfluxQuery query, Duration timeout, Check check)
            throws IOException, InterruptedException {
        long started = System.nanoTime();
        long deadline = started + timeout.toNanos();
        String missing;
        while ((missing = check.missing(query)) != null) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the pipeline did not write everything within " + timeout + ": " + missing);
            }
            Thread.sleep(500);
        }
        System.out.printf("the pipeline wrote what was awaited in %.1f s%n", (System.nanoTime() - started) / 1e9);
    }

    private String missing(InfluxQuery query) throws IOException {
        List<Map<String, Object>> intervals = query.rows("SELECT count(\"bps\") FROM \"iperf_interval\"");
        long written = intervals.isEmpty() ? 0 : ((Number) intervals.get(0).get("count")).longValue();
        if (written < samples) {
            return written + " of " + samples + " intervals";
        }
        // Live steps have no end marker and stay open; every sweep step is closed by its marker.
        List<Map<String, Object>> steps = query.rows(
                "SELECT count(\"mean_bps\") FROM \"step_summary\" WHERE \"scenario\" != 'live'");
        long summarised = steps.isEmpty() ? 0 : ((Number) steps.get(0).get("count")).longValue();
        if (summarised < sweepSummaries) {
            return summarised + " of " + sweepSummaries + " step summaries";
        }
        // A step summarised from fewer intervals than were sent means some arrived behind the watermark.
        List<Map<String, Object>> fewest = query.rows(
                "SELECT min(\"samples\") FROM \"step_summary\" WHERE \"scenario\" != 'live'");
        if (((Number) fewest.get(0).get("min")).longValue() < STEP_SECONDS) {
            return "all intervals in every step summary, the fewest had " + fewest.get(0).get("min");
        }
        List<Map<String, Object>> lines = query.rows(
                "SELECT last(\"steps\") FROM \"run_summary\" GROUP BY \"run\", \"cni\", \"protocol\"");
        if (lines.size() < sweepLines.size()) {
            return lines.size() + " of " + sweepLines.size() + " run summary lines: " + lines;
        }
        if (query.rows("SELECT last(\"delta\") FROM \"step_counter\"").isEmpty()) {
            return "step counters";
        }
        List<Map<String, Object>> alerts = query.rows(
                "SELECT count(\"reason\") FROM \"alert\" WHERE \"run\" = '" + LIVE_RUN + "' GROUP BY \"type\"");
        if (alerts.size() < 3) {
            return "live alerts of three kinds (probe error, stall, loss), have " + alerts;
        }
        return null;
    }

    private void policySweep(String run, double linearFactor) {
        long start = clock;
        int index = 0;
        String[][] lines = {{"linear", "tcp"}, {"hashed", "tcp"}, {"linear", "udp"}};
        for (String[] line : lines) {
            for (int policies : POLICY_COUNTS) {
                for (int rep = 1; rep <= REPETITIONS; rep++) {
                    Protocol protocol = Protocol.valueOf(line[1].toUpperCase());
                    double base = protocol == Protocol.TCP ? 30e9 : 0.5e9;
                    double bps = line[0].equals("linear") ? linearFactor * base / (1 + policies / 250.0) : base * 0.93;
                    StepKey step = new StepKey(run, Scenario.POLICY, line[0], protocol, index++, policies, 1, rep);
                    step(step, new double[]{bps * (1 + 0.02 * (rep - 1.5))}, "node-a", "node-b");
                }
            }
        }
        counters(run, start, clock);
    }

    private void podSweep() {
        long start = clock;
        int index = 0;
        for (Protocol protocol : Protocol.values()) {
            for (int pods : POD_COUNTS) {
                for (int rep = 1; rep <= REPETITIONS; rep++) {
                    double total = (protocol == Protocol.TCP ? 12e9 : 0.45e9) * (1 - 0.1 * (pods - 1)) * (1 + 0.02 * (rep - 1.5));
                    double[] pairs = new double[pods];
                    for (int p = 0; p < pods; p++) {
                        // The first pair takes a larger share: fairness falls below 1.
                        pairs[p] = total * (p == 0 ? 2.0 : 1.0) / (pods + 1);
                    }
                    step(new StepKey(POD_RUN, Scenario.POD, "hashed", protocol, index++, 0, pods, rep), pairs,
                            "node-a", "node-b");
                }
            }
        }
        counters(POD_RUN, start, clock);
    }

    /** Three links for five minutes: node-a -> node-c stalls for four seconds, node-b -> node-c (UDP) loses 10% in its third minute. */
    private void live() {
        long start = clock + 1000;
        StepKey tcpAB = new StepKey(LIVE_RUN, Scenario.LIVE, "hashed", Protocol.TCP, 0, 10, 1, 1);
        StepKey tcpAC = new StepKey(LIVE_RUN, Scenario.LIVE, "hashed", Protocol.TCP, 1, 10, 1, 1);
        StepKey udpBC = new StepKey(LIVE_RUN, Scenario.LIVE, "hashed", Protocol.UDP, 2, 10, 1, 1);
        for (int s = 1; s <= LIVE_SECONDS; s++) {
            long time = start + s * 1000L;
            double wobble = 1 + 0.03 * Math.sin(s);
            add(sample(tcpAB, Side.SENDER, "probe-a", "probe-b", "node-a", "node-b", time, s, 20e9 * wobble, s % 7 == 0 ? 12L : 0L, null));
            add(sample(tcpAB, Side.RECEIVER, "probe-a", "probe-b", "node-a", "node-b", time, s, 20e9 * wobble, null, null));
            double ac = s > 200 && s <= 204 ? 0 : 15e9 * wobble;
            add(sample(tcpAC, Side.SENDER, "probe-a", "probe-c", "node-a", "node-c", time, s, ac, 0L, null));
            long packets = 40_000;
            long lost = s > 120 && s <= 180 ? 4_000 : 40;
            add(sample(udpBC, Side.RECEIVER, "probe-b", "probe-c", "node-b", "node-c", time, s, 0.4e9 * wobble, null,
                    new long[]{lost, packets}));
            add(sample(udpBC, Side.SENDER, "probe-b", "probe-c", "node-b", "node-c", time, s, 0.45e9, null, null));
        }
        records.add(new ProbeError(WireRecord.VERSION, start + 250_000, tcpAB, "probe-a", "probe-b",
                "iperf3: error - the server is busy running a test. try again later", 1));
        clock = start + (LIVE_SECONDS + 1) * 1000L;
        counters(LIVE_RUN, start, clock);
    }

    /** One step: its markers and every second's interval of each pair, from both sides. */
    private void step(StepKey step, double[] pairBps, String src, String dst) {
        long start = clock;
        records.add(new StepMarker(WireRecord.VERSION, start, step, StepMarker.Phase.START, STEP_SECONDS));
        for (int s = 1; s <= STEP_SECONDS; s++) {
            long time = start + s * 1000L;
            for (int p = 0; p < pairBps.length; p++) {
                double bps = pairBps[p] * (1 + 0.01 * ((s % 3) - 1));
                String client = "client-" + (p + 1);
                String server = "server-" + (p + 1);
                boolean udp = step.protocol() == Protocol.UDP;
                add(sample(step, Side.SENDER, client, server, src, dst, time, s, udp ? bps * 1.1 : bps,
                        udp ? null : (long) s, null));
                add(sample(step, Side.RECEIVER, client, server, src, dst, time, s, bps, null,
                        udp ? new long[]{10L * s, 40_000} : null));
            }
        }
        long end = start + STEP_SECONDS * 1000L;
        records.add(new StepMarker(WireRecord.VERSION, end, step, StepMarker.Phase.END, STEP_SECONDS));
        clock = end + 1000;
        sweepSummaries += 2; // sender and receiver
        sweepLines.add(step.run() + "/" + step.cni() + "/" + step.protocol());
    }

    private void add(Sample sample) {
        records.add(sample);
        samples++;
    }

    private static Sample sample(StepKey step, Side side, String client, String server, String src, String dst,
                                 long time, int second, double bps, Long retransmits, long[] udpLoss) {
        boolean udpReceiver = udpLoss != null;
        return new Sample(WireRecord.VERSION, time, step, side, client, server, src, dst,
                client + ":40000->" + server + ":5201", false, second - 1, second, false, (long) (bps / 8), bps,
                retransmits, side == Side.SENDER && step.protocol() == Protocol.TCP ? 1_000_000L : null, null,
                udpReceiver ? 0.01 + 0.001 * (second % 5) : null, udpReceiver ? udpLoss[0] : null,
                udpReceiver ? udpLoss[1] : null, null, null);
    }

    /** Every five seconds on each node: the rule, policy, drop, apply-time, map and interface counters. */
    private void counters(String run, long start, long end) {
        int tick = 0;
        for (long time = start; time <= end; time += 5000, tick++) {
            for (String node : NODES) {
                counter(run, node, time, "rules", "policy_rules", Map.of(), 1000 + tick);
                counter(run, node, time, "rules", "set_elements", Map.of(), 1000 + tick);
                counter(run, node, time, "felix", "felix_iptables_rules", Map.of(), 200 + tick);
                counter(run, node, time, "felix", "felix_iptables_chains", Map.of(), 40);
                counter(run, node, time, "felix", "felix_ipsets_total", Map.of(), 12);
                counter(run, node, time, "felix", "felix_active_local_policies", Map.of(), 100);
                counter(run, node, time, "felix", "felix_cluster_num_policies", Map.of(), 100);
                counter(run, node, time, "felix", "felix_int_dataplane_apply_time_seconds_sum", Map.of(), 0.05 * tick);
                counter(run, node, time, "cilium", "cilium_policy", Map.of(), 100);
                counter(run, node, time, "cilium", "cilium_policy_implementation_delay_sum", Map.of(), 0.01 * tick);
                counter(run, node, time, "cilium", "cilium_drop_count_total", Map.of("reason", "Policy denied"), 3.0 * tick);
                counter(run, node, time, "cilium", "cilium_bpf_map_pressure", Map.of("map_name", "cilium_policy_00042"), 0.2);
                counter(run, node, time, "netdev", "rx_dropped", Map.of("interface", "eth0"), tick);
                counter(run, node, time, "netdev", "tx_dropped", Map.of("interface", "eth0"), 2.0 * tick);
            }
        }
    }

    private void counter(String run, String node, long time, String source, String name, Map<String, String> labels,
                         double value) {
        records.add(new Counter(WireRecord.VERSION, time, run, node, source, name, labels, value));
    }
}
