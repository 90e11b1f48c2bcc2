package io.overlaywatch.lab.report;

import io.overlaywatch.embedded.LocalInfluxDb;
import io.overlaywatch.jobs.functions.InfluxLines;
import io.overlaywatch.jobs.query.InfluxQuery;
import io.overlaywatch.jobs.records.StepSummary;
import io.overlaywatch.model.Protocol;
import io.overlaywatch.model.Sample;
import io.overlaywatch.model.Scenario;
import io.overlaywatch.model.Side;
import io.overlaywatch.model.StepKey;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.within;

/** Reads sweep results back from a real InfluxDB 1.x holding lines written as the Flink job writes them. */
class SweepReaderITCase {

    private static final String DB = "overlaywatch";
    private static final String RUN = "reader-run";

    @TempDir
    static Path dataDir;

    private static LocalInfluxDb influx;

    @BeforeAll
    static void startInflux() throws Exception {
        influx = LocalInfluxDb.start(dataDir);
        influx.createDatabase(DB);
        List<String> lines = new ArrayList<>();
        // Policy sweep, linear TCP: whole-valued floats come back from InfluxDB's JSON as integers.
        lines.add(summary(policy(0, 1, 1), Side.SENDER, 30e9, 30e9));
        lines.add(summary(policy(0, 1, 1), Side.RECEIVER, 99e9, 99e9));
        lines.add(summary(policy(1, 1, 2), Side.SENDER, 28.5e9, 28.5e9));
        lines.add(summary(policy(2, 10_000, 1), Side.SENDER, 2.25e9, 2.25e9));
        // Pod sweep, hashed TCP: one pair, then two pairs getting 5 and 15 Gbit/s.
        StepKey one = pod(3, 1);
        StepKey two = pod(4, 2);
        lines.add(summary(one, Side.SENDER, 12e9, 12e9));
        lines.add(summary(two, Side.SENDER, 10e9, 20e9));
        lines.add(sample(one, Side.SENDER, "c1", "s1", false, 12e9, 1));
        for (int second = 1; second <= 2; second++) {
            lines.add(sample(two, Side.SENDER, "c1", "s1", false, 5e9, second));
            lines.add(sample(two, Side.SENDER, "c2", "s2", false, 15e9, second));
            // What the reader must leave out: the other side, warm-up, iperf3's own sum.
            lines.add(sample(two, Side.RECEIVER, "c1", "s1", false, 1e9, second));
        }
        lines.add(sample(two, Side.SENDER, "c1", "s1", true, 90e9, 0));
        lines.add(sample(two, Side.SENDER, "c1", Sample.SUM_STREAM, false, 20e9, 1));
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(influx.url() + "/write?db=" + DB + "&precision=ms"))
                        .POST(HttpRequest.BodyPublishers.ofString(String.join("\n", lines))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(204);
    }

    @AfterAll
    static void stopInflux() {
        if (influx != null) {
            influx.close();
        }
    }

    @Test
    void shouldReadTheRelevantSideAndTheFairnessOfPairsBackFromInfluxDb() throws Exception {
        SweepResults results = SweepReader.read(new InfluxQuery(influx.url(), DB, ""), RUN);

        assertThat(results.points(SweepKind.POLICY))
                .extracting(SweepPoint::x, p -> p.throughput().n(), SweepPoint::meanBps)
                .containsExactly(tuple(1, 2, 29.25e9), tuple(10_000, 1, 2.25e9));
        SweepPoint twoPairs = results.points(SweepKind.POD).get(1);
        assertThat(twoPairs.meanBps()).isEqualTo(20e9);
        assertThat(twoPairs.expectedBps()).isEqualTo(12e9);
        // (5 + 15)^2 / (2 * (25 + 225)) = 0.8
        assertThat(twoPairs.fairness()).isCloseTo(0.8, within(1e-9));
    }

    private static StepKey policy(int index, int policies, int repetition) {
        return new StepKey(RUN, Scenario.POLICY, "linear", Protocol.TCP, index, policies, 1, repetition);
    }

    private static StepKey pod(int index, int pods) {
        return new StepKey(RUN, Scenario.POD, "hashed", Protocol.TCP, index, 0, pods, 1);
    }

    private static String summary(StepKey step, Side side, double meanBps, double cumulativeBps) {
        long time = 1_700_000_000_000L + step.index() * 60_000L;
        return InfluxLines.summary(new StepSummary(step, side, time + 10_000, time, step.pods(), 10, meanBps,
                meanBps, meanBps, 0, 10, cumulativeBps, true));
    }

    private static String sample(StepKey step, Side side, String client, String stream, boolean omitted, double bps,
                                 int second) {
        long time = 1_700_000_000_000L + step.index() * 60_000L + second * 1000L;
        return InfluxLines.sample(new Sample(1, time, step, side, client, "s-" + client, "node-a", "node-b", stream,
                Sample.SUM_STREAM.equals(stream), second - 1, second, omitted, (long) (bps / 8), bps, null, null, null,
                null, null, null, "cubic", "0,0"));
    }
}
