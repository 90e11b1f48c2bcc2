package io.overlaywatch.lab.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A small run as InfluxQL rows: a policy sweep (linear, hashed; TCP, UDP) and a pod sweep (hashed; TCP, UDP). */
final class SweepFixtures {

    static final String RUN = "r-test";

    private final List<Map<String, Object>> steps = new ArrayList<>();
    private final List<Map<String, Object>> streams = new ArrayList<>();
    private int index;

    private SweepFixtures() {
    }

    static SweepResults results() {
        SweepFixtures f = build();
        return SweepResults.fromRows(RUN, f.steps, f.streams);
    }

    static List<Map<String, Object>> stepRows() {
        return build().steps;
    }

    static List<Map<String, Object>> streamRows() {
        return build().streams;
    }

    private static SweepFixtures build() {
        SweepFixtures f = new SweepFixtures();
        // Policy sweep. The irrelevant side carries numbers far off, so that using it would show.
        f.policy("linear", "tcp", 1, 30.0e9, 31.0e9, 29.5e9);
        f.policy("linear", "tcp", 10_000, 2.0e9, 1.9e9, 2.1e9);
        f.policy("hashed", "tcp", 1, 28.0e9, 29.0e9, 30.0e9);
        f.policy("hashed", "tcp", 10_000, 28.5e9, 29.5e9, 27.6e9);
        f.policy("linear", "udp", 1, 0.50e9, 0.49e9);
        f.policy("linear", "udp", 10_000, 0.06e9, 0.07e9);
        // Pod sweep: cumulative throughput of hashed TCP, 2 repetitions, with per-stream rows for fairness.
        f.pod("tcp", 1, 2.4e9, new double[][]{{2.4e9}});
        f.pod("tcp", 1, 2.6e9, new double[][]{{2.6e9}});
        // Pair c1 runs two parallel streams: its throughput is their sum, so this repetition is perfectly fair.
        f.pod("tcp", 4, 2.0e9, new double[][]{{0.25e9, 0.25e9}, {0.5e9}, {0.5e9}, {0.5e9}});
        f.pod("tcp", 4, 2.2e9, new double[][]{{0.275e9}, {0.825e9}, {0.275e9}, {0.825e9}});
        f.pod("tcp", 40, 1.3e9, pairs(40, i -> 32.5e6));
        f.pod("tcp", 40, 1.3e9, pairs(40, i -> i % 2 == 0 ? 16.25e6 : 48.75e6));
        f.pod("udp", 1, 0.45e9, new double[][]{{0.45e9}});
        f.pod("udp", 4, 0.40e9, new double[][]{{0.1e9}, {0.1e9}, {0.1e9}, {0.1e9}});
        // A live-mode summary is no sweep.
        f.steps.add(f.step("live", "hashed", "tcp", 0, 1, 1, "sender", 9e9, 9e9));
        return f;
    }

    private void policy(String profile, String protocol, int policies, double... repetitions) {
        String relevant = RelevantSide.of(protocol);
        String other = relevant.equals("sender") ? "receiver" : "sender";
        for (int r = 0; r < repetitions.length; r++) {
            steps.add(step("policy", profile, protocol, index, policies, 1, relevant, repetitions[r], repetitions[r]));
            steps.add(step("policy", profile, protocol, index, policies, 1, other, 99e9, 99e9));
            index++;
        }
    }

    private int podRepetition;
    private String podKey = "";

    private void pod(String protocol, int pods, double cumulative, double[][] pairStreams) {
        String key = protocol + pods;
        podRepetition = key.equals(podKey) ? podRepetition + 1 : 1;
        podKey = key;
        String relevant = RelevantSide.of(protocol);
        String other = relevant.equals("sender") ? "receiver" : "sender";
        Map<String, Object> summary = step("pod", "hashed", protocol, index, 0, pods, relevant,
                cumulative / pods, cumulative);
        summary.put("repetition", Integer.toString(podRepetition));
        steps.add(summary);
        Map<String, Object> otherSide = step("pod", "hashed", protocol, index, 0, pods, other, 1e9, 50e9);
        otherSide.put("repetition", Integer.toString(podRepetition));
        steps.add(otherSide);
        for (int pair = 0; pair < pairStreams.length; pair++) {
            for (int s = 0; s < pairStreams[pair].length; s++) {
                streams.add(stream(summary, relevant, "c" + (pair + 1), "s" + s, pairStreams[pair][s]));
                // The other side sees one pair take everything: fairness from it would be 1/n.
                streams.add(stream(summary, other, "c" + (pair + 1), "s" + s, pair == 0 ? 9e9 : 0));
            }
        }
        index++;
    }

    private static double[][] pairs(int n, java.util.function.IntToDoubleFunction bps) {
        double[][] pairs = new double[n][];
        for (int i = 0; i < n; i++) {
            pairs[i] = new double[]{bps.applyAsDouble(i)};
        }
        return pairs;
    }

    private Map<String, Object> step(String scenario, String cni, String protocol, int step, int policies, int pods,
                                     String side, double meanBps, double cumulativeBps) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("time", 1_700_000_000_000L + step * 10_000L);
        row.put("closed_by_marker", true);
        row.put("cni", cni);
        row.put("cumulative_mean_bps", number(cumulativeBps));
        row.put("mean_bps", number(meanBps));
        row.put("pods", Integer.toString(pods));
        row.put("policies", Integer.toString(policies));
        row.put("protocol", protocol);
        row.put("repetition", Integer.toString(step % 3 + 1));
        row.put("run", RUN);
        row.put("scenario", scenario);
        row.put("side", side);
        row.put("step", Integer.toString(step));
        row.put("streams", (long) pods);
        return row;
    }

    private static Map<String, Object> stream(Map<String, Object> summary, String side, String clientPod,
                                              String stream, double bps) {
        Map<String, Object> row = new LinkedHashMap<>();
        for (String tag : List.of("scenario", "cni", "protocol", "step", "policies", "pods", "repetition")) {
            row.put(tag, summary.get(tag));
        }
        row.put("side", side);
        row.put("client_pod", clientPod);
        row.put("stream", stream);
        row.put("time", 0L);
        row.put("bps", number(bps));
        return row;
    }

    /** InfluxDB's JSON writes a whole-valued float as an integer, which Jackson reads as a Long. */
    static Object number(double v) {
        return v == Math.rint(v) ? (Object) (long) v : (Object) v;
    }
}
