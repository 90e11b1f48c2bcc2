package io.overlaywatch.agents.counters;

import io.overlaywatch.agents.sink.CollectingSink;
import io.overlaywatch.agents.sink.PrintRecordSink;
import io.overlaywatch.model.Counter;
import io.overlaywatch.model.Decoded;
import io.overlaywatch.model.WireCodec;
import io.overlaywatch.model.WireRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

@Timeout(30)
class CounterCollectorTest {

    private static final long T0 = 1_795_684_380_000L;

    private static LongSupplier clockFrom(long start, long step) {
        AtomicLong next = new AtomicLong(start);
        return () -> next.getAndAdd(step);
    }

    private static CounterSource golden(String source, String golden, CounterParser parser) {
        String text = CounterGoldenCase.named(golden).input();
        return new CounterSource(source, "golden " + golden, () -> text, parser);
    }

    @Test
    void shouldStampEveryReadingOfEverySourceWithRunNodeSourceAndReadTime() {
        CollectingSink sink = new CollectingSink();
        CounterCollector collector = new CounterCollector("run-7", "owtest-b", List.of(
                golden("netdev", "proc-net-dev-netns-server", ProcNetDevParser.defaults()),
                golden("snmp", "proc-net-snmp-netns-server", ProcNetSnmpParser.defaults())),
                sink, clockFrom(T0, 1_000));

        List<Counter> counters = collector.collectOnce();

        assertThat(counters).hasSize(16 + 24).containsExactlyElementsOf(sink.counters());
        assertThat(counters).allSatisfy(c -> {
            assertThat(c.problems()).isEmpty();
            assertThat(c.run()).isEqualTo("run-7");
            assertThat(c.node()).isEqualTo("owtest-b");
        });
        // The clock is read once per source, after its text was read.
        assertThat(counters).filteredOn(c -> c.source().equals("netdev")).extracting(Counter::time).containsOnly(T0);
        assertThat(counters).filteredOn(c -> c.source().equals("snmp")).extracting(Counter::time).containsOnly(T0 + 1_000);
        assertThat(counters).contains(
                new Counter(WireRecord.VERSION, T0, "run-7", "owtest-b", "netdev", "rx_bytes",
                        Map.of("interface", "owtest-vb"), 6_625_357_616.0),
                new Counter(WireRecord.VERSION, T0 + 1_000, "run-7", "owtest-b", "snmp", "Udp_RcvbufErrors",
                        Map.of(), 6_331));
        assertThat(collector.stats()).isEqualTo(new CounterCollector.Stats(1, 40, 0,
                Map.of("netdev", 0L, "snmp", 0L), Map.of(), Map.of()));
    }

    @Test
    void shouldKeepReadingTheOtherSourcesWhenOneFailsAndCountEveryFailure() {
        CollectingSink sink = new CollectingSink();
        AtomicBoolean felixUp = new AtomicBoolean(false);
        String felixPage = CounterGoldenCase.named("prometheus-felix").input();
        CounterCollector collector = new CounterCollector("live", "node-a", List.of(
                new CounterSource("felix", "http://127.0.0.1:9091/metrics", () -> {
                    if (!felixUp.get()) {
                        throw new IOException("Connection refused");
                    }
                    return felixPage;
                }, PrometheusCounterParser.felix()),
                golden("snmp", "proc-net-snmp-netns-client", ProcNetSnmpParser.defaults())),
                sink, clockFrom(T0, 10));

        List<Counter> first = collector.collectOnce();
        List<Counter> second = collector.collectOnce();

        assertThat(first).hasSize(24).extracting(Counter::source).containsOnly("snmp");
        assertThat(second).hasSize(24);
        assertThat(collector.stats().failures()).containsEntry("felix", 2L).containsEntry("snmp", 0L);
        assertThat(collector.stats().lastFailure())
                .containsExactly(entry("felix", "could not be read: Connection refused"));

        felixUp.set(true);
        List<Counter> third = collector.collectOnce();

        // 16 felix readings, 3 of them NaN quantiles of an idle summary.
        assertThat(third).filteredOn(c -> c.source().equals("felix")).hasSize(13);
        assertThat(collector.stats().failures()).containsEntry("felix", 2L);
        assertThat(collector.stats().skipped()).isEqualTo(3);
    }

    @Test
    void shouldSkipNaNInfiniteAndNegativeValuesWithAReasonAndSendTheRest() {
        CollectingSink sink = new CollectingSink();
        String page = """
                # TYPE felix_int_dataplane_apply_time_seconds summary
                felix_int_dataplane_apply_time_seconds{quantile="0.5"} NaN
                felix_int_dataplane_apply_time_seconds_sum 1.5
                felix_int_dataplane_apply_time_seconds_count 3
                # TYPE cilium_bpf_map_pressure gauge
                cilium_bpf_map_pressure{map_name="policy_01"} -0.5
                cilium_bpf_map_pressure{map_name="policy_02"} +Inf
                cilium_bpf_map_pressure{map_name="policy_03"} 0.25
                """;
        CounterCollector collector = new CounterCollector("run-1", "node-a",
                List.of(new CounterSource("cilium", "fake", () -> page, PrometheusCounterParser.all())), sink, () -> T0);

        List<Counter> counters = collector.collectOnce();

        assertThat(counters).extracting(Counter::name, Counter::value).containsExactly(
                org.assertj.core.groups.Tuple.tuple("felix_int_dataplane_apply_time_seconds_sum", 1.5),
                org.assertj.core.groups.Tuple.tuple("felix_int_dataplane_apply_time_seconds_count", 3.0),
                org.assertj.core.groups.Tuple.tuple("cilium_bpf_map_pressure", 0.25));
        CounterCollector.Stats stats = collector.stats();
        assertThat(stats.skipped()).isEqualTo(3);
        assertThat(stats.lastSkip()).containsEntry("cilium", "cilium_bpf_map_pressure{map_name=policy_02} skipped: value is +Inf");

        collector.collectOnce();
        assertThat(collector.stats().skipped()).isEqualTo(6);
    }

    @Test
    void shouldSkipANegativeProcGaugeWithItsReason() {
        CollectingSink sink = new CollectingSink();
        CounterCollector collector = new CounterCollector("run-1", "owtest-a",
                List.of(golden("snmp", "proc-net-snmp-netns-fresh", ProcNetSnmpParser.only(java.util.Set.of("Tcp_MaxConn", "Tcp_RtoMax")))),
                sink, () -> T0);

        assertThat(collector.collectOnce()).extracting(Counter::name).containsExactly("Tcp_RtoMax");
        assertThat(collector.stats().lastSkip()).containsEntry("snmp",
                "Tcp_MaxConn skipped: value -1.0 is negative (a gauge such as Tcp_MaxConn=-1, not a counter)");
    }

    @Test
    void shouldSendTheGoodLinesOfAPageWithABadLineAndFailAPageWithNoneReadable() {
        CollectingSink sink = new CollectingSink();
        AtomicInteger round = new AtomicInteger();
        CounterCollector collector = new CounterCollector("run-1", "node-a", List.of(new CounterSource("felix", "fake",
                () -> round.incrementAndGet() == 1
                        ? "felix_active_local_policies 3\nfelix_iptables_rules{table=\"filter\" 9\n"
                        : "<html><body>502 Bad Gateway</body></html>\n",
                PrometheusCounterParser.all())), sink, () -> T0);

        assertThat(collector.collectOnce()).extracting(Counter::name).containsExactly("felix_active_local_policies");
        assertThat(collector.stats().lastSkip()).containsEntry("felix",
                "unreadable line skipped: line 2, column 37: expected ',' or '}' after the value of label table, found '9'");
        assertThat(collector.stats().failures()).containsEntry("felix", 0L);

        assertThat(collector.collectOnce()).isEmpty();
        assertThat(collector.stats().failures()).containsEntry("felix", 1L);
        assertThat(collector.stats().lastFailure().get("felix"))
                .startsWith("gave nothing readable, 1 problem(s), first: line 1, column 1: expected a metric name");
    }

    @Test
    void shouldSurviveAParserThatThrowsAndUseTheSourcesOwnTimestamps() {
        CollectingSink sink = new CollectingSink();
        CounterCollector collector = new CounterCollector("run-1", "node-a", List.of(
                new CounterSource("broken", "fake", () -> "x", text -> {
                    throw new IllegalStateException("bug");
                }),
                new CounterSource("cilium", "fake", () -> "cilium_policy 4 1795684000000\ncilium_policy_max_revision 9 0\n",
                        PrometheusCounterParser.all())),
                sink, () -> T0);

        List<Counter> counters = collector.collectOnce();

        assertThat(counters).extracting(Counter::name, Counter::time).containsExactly(
                org.assertj.core.groups.Tuple.tuple("cilium_policy", 1_795_684_000_000L),
                org.assertj.core.groups.Tuple.tuple("cilium_policy_max_revision", T0));
        assertThat(collector.stats().lastFailure()).containsEntry("broken",
                "could not be parsed: java.lang.IllegalStateException: bug");
    }

    @Test
    void shouldWriteCountersThatDecodeBackThroughThePrintSink() {
        StringWriter out = new StringWriter();
        try (PrintRecordSink sink = new PrintRecordSink(new PrintWriter(out))) {
            CounterCollector collector = new CounterCollector("run-1", "owtest-a",
                    List.of(golden("netdev", "proc-net-dev-netns-client", ProcNetDevParser.defaults())), sink, () -> T0);
            List<Counter> counters = collector.collectOnce();
            sink.flush();

            List<WireRecord> decoded = out.toString().lines()
                    .map(l -> WireCodec.decode(l.getBytes(StandardCharsets.UTF_8)))
                    .map(Decoded::record)
                    .toList();
            assertThat(decoded).containsExactlyElementsOf(counters).hasSize(16);
        }
    }

    @Test
    void shouldRejectAConfigurationItCannotRunWithByName() {
        CollectingSink sink = new CollectingSink();
        CounterSource a = new CounterSource("netdev", "fake", () -> "", ProcNetDevParser.defaults());

        assertThatThrownBy(() -> new CounterCollector("run", "node", List.of(a, a), sink))
                .hasMessage("two counter sources named netdev for node node");
        assertThatThrownBy(() -> new CounterCollector("run", "node", List.of(), sink))
                .hasMessage("no counter sources for node node");
        assertThatThrownBy(() -> new CounterCollector(" ", "node", List.of(a), sink))
                .hasMessage("counter collector needs a run");
        assertThatThrownBy(() -> new CounterSource(" ", "fake", () -> "", ProcNetDevParser.defaults()))
                .hasMessage("a counter source needs a name");
        assertThatThrownBy(() -> new CounterCollector("run", "node", List.of(a), sink).start(Duration.ZERO))
                .hasMessage("counter period must be positive, was PT0S");
    }

    @Test
    void shouldReadEveryPeriodOnADaemonThreadUntilClosed() throws Exception {
        CollectingSink sink = new CollectingSink();
        AtomicInteger reads = new AtomicInteger();
        AtomicBoolean daemon = new AtomicBoolean();
        CounterCollector collector = new CounterCollector("live", "node-a", List.of(new CounterSource("cilium", "fake",
                () -> {
                    daemon.set(Thread.currentThread().isDaemon());
                    return "cilium_policy " + reads.incrementAndGet() + "\n";
                }, PrometheusCounterParser.all())), sink);

        collector.start(Duration.ofMillis(20));
        assertThat(sink.await(records -> records.size() >= 3, Duration.ofSeconds(10))).isTrue();
        collector.close();
        int afterClose = reads.get();
        Thread.sleep(100);

        assertThat(daemon).isTrue();
        assertThat(reads.get()).isEqualTo(afterClose);
        assertThat(sink.counters()).extracting(Counter::value).startsWith(1.0, 2.0, 3.0);
        assertThatThrownBy(() -> collector.start(Duration.ofSeconds(1))).isInstanceOf(IllegalStateException.class)
                .hasMessage("counter collector of node node-a is closed");
        collector.close();
    }

    @Test
    void shouldInterruptASourceThatHangsWhenClosed() throws Exception {
        CollectingSink sink = new CollectingSink();
        CountDownLatch reading = new CountDownLatch(1);
        AtomicBoolean interrupted = new AtomicBoolean();
        CounterCollector collector = new CounterCollector("live", "node-a", List.of(new CounterSource("stuck", "fake",
                () -> {
                    reading.countDown();
                    try {
                        Thread.sleep(60_000);
                    } catch (InterruptedException e) {
                        interrupted.set(true);
                        throw e;
                    }
                    return "";
                }, PrometheusCounterParser.all())), sink);

        collector.start(Duration.ofSeconds(1));
        assertThat(reading.await(10, TimeUnit.SECONDS)).isTrue();
        long start = System.nanoTime();
        collector.close();

        assertThat(interrupted).isTrue();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        assertThat(collector.stats().failures()).containsEntry("stuck", 0L);
    }
}
