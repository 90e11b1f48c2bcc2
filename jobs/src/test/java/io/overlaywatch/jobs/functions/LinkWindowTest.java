package io.overlaywatch.jobs.functions;

import io.overlaywatch.jobs.records.LinkAccumulator;
import io.overlaywatch.jobs.records.LinkWindow;
import io.overlaywatch.model.Sample;
import org.apache.flink.api.common.ExecutionConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.windowing.assigners.TumblingEventTimeWindows;
import org.apache.flink.streaming.api.windowing.triggers.EventTimeTrigger;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.streaming.runtime.operators.windowing.WindowOperatorBuilder;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static io.overlaywatch.jobs.functions.LinkTestData.MINUTE;
import static io.overlaywatch.jobs.functions.LinkTestData.T0;
import static io.overlaywatch.jobs.functions.LinkTestData.TCP_LINK;
import static io.overlaywatch.jobs.functions.LinkTestData.tcp;
import static io.overlaywatch.jobs.functions.LinkTestData.udp;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The link window as the job builds it: tumbling event-time window, {@link LinkThroughputAggregator} and {@link LinkWindowFunction}. */
class LinkWindowTest {

    private KeyedOneInputStreamOperatorTestHarness<String, Sample, LinkWindow> harness;

    @BeforeEach
    void setUp() throws Exception {
        WindowOperatorBuilder<Sample, String, TimeWindow> builder = new WindowOperatorBuilder<>(
                TumblingEventTimeWindows.of(Duration.ofMinutes(1)), EventTimeTrigger.create(), new ExecutionConfig(),
                TypeInformation.of(Sample.class), LinkWindow::keyOf, Types.STRING);
        builder.sideOutputLateData(LinkWindowFunction.LATE);
        OneInputStreamOperator<Sample, LinkWindow> operator = builder.aggregate(new LinkThroughputAggregator(),
                new LinkWindowFunction(), TypeInformation.of(LinkAccumulator.class));
        harness = new KeyedOneInputStreamOperatorTestHarness<>(operator, LinkWindow::keyOf, Types.STRING);
        harness.open();
    }

    @AfterEach
    void tearDown() throws Exception {
        harness.close();
    }

    private void push(Sample s) throws Exception {
        harness.processElement(s, s.time());
    }

    @Test
    void shouldEmitTheMeanOfPerIntervalSumsWhenTheWatermarkPassesTheWindowEnd() throws Exception {
        double[] a = {10e9, 20e9, 30e9};
        double[] b = {2e9, 4e9, 6e9};
        for (int i = 0; i < 3; i++) {
            push(tcp("a", i, a[i]));
            push(tcp("b", i, b[i]));
        }
        harness.processWatermark(T0 + MINUTE - 2);
        assertThat(harness.extractOutputValues()).isEmpty();

        harness.processWatermark(T0 + MINUTE - 1);

        assertThat(harness.extractOutputValues()).singleElement().satisfies(w -> {
            assertThat(w.key()).isEqualTo(TCP_LINK);
            assertThat(w.start()).isEqualTo(T0);
            assertThat(w.end()).isEqualTo(T0 + MINUTE);
            // Per-interval sums 12, 24, 36 Gbit/s: their mean, not the mean of the six streams' values (12).
            assertThat(w.meanBps()).isCloseTo(24e9, within(1.0));
            assertThat(w.intervals()).isEqualTo(3);
            assertThat(w.samples()).isEqualTo(6);
            assertThat(w.maxStreams()).isEqualTo(2);
            assertThat(w.run()).isEqualTo("live");
            assertThat(w.lossPct()).isZero();
        });
        // The window's accumulator and its cleanup timer are gone once it fired.
        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    @Test
    void shouldKeepOneSlotPerIntervalInsteadOfEverySample() throws Exception {
        // Intervals 0..58 end inside the first minute; interval 59 ends at its end and belongs to the next one.
        for (int i = 0; i < 60; i++) {
            for (String stream : new String[] {"a", "b", "c", "d"}) {
                push(tcp(stream, i, 5e9));
            }
        }
        harness.processWatermark(T0 + MINUTE - 1);

        assertThat(harness.extractOutputValues()).singleElement().satisfies(w -> {
            assertThat(w.meanBps()).isCloseTo(20e9, within(1.0));
            assertThat(w.intervals()).isEqualTo(59);
            assertThat(w.samples()).isEqualTo(236);
            assertThat(w.maxStreams()).isEqualTo(4);
        });
    }

    @Test
    void shouldSumUdpLossOverTheWindow() throws Exception {
        push(udp("a", 0, 9e8, 10, 1000));
        push(udp("a", 1, 8e8, 90, 1000));
        harness.processWatermark(T0 + MINUTE);

        assertThat(harness.extractOutputValues()).singleElement().satisfies(w -> {
            assertThat(w.lost()).isEqualTo(100);
            assertThat(w.packets()).isEqualTo(2000);
            assertThat(w.lossPct()).isCloseTo(5.0, within(1e-9));
            assertThat(w.meanBps()).isCloseTo(8.5e8, within(1.0));
        });
    }

    @Test
    void shouldEmitOneWindowPerMinuteAndSendLateSamplesToTheSideOutput() throws Exception {
        push(tcp("a", 10, 10e9));
        push(tcp("a", 70, 20e9));
        harness.processWatermark(T0 + MINUTE);
        push(tcp("a", 20, 99e9)); // its window has fired

        harness.processWatermark(T0 + 2 * MINUTE);

        assertThat(harness.extractOutputValues()).extracting(LinkWindow::meanBps).containsExactly(10e9, 20e9);
        assertThat(harness.getSideOutput(LinkWindowFunction.LATE)).extracting(StreamRecord::getValue)
                .extracting(Sample::bitsPerSecond).containsExactly(99e9);
        assertThat(harness.numKeyedStateEntries()).isZero();
    }

    @Test
    void shouldWeightAShortLastIntervalByItsLength() {
        LinkAccumulator acc = new LinkAccumulator();
        acc.add(T0 + 1000, 1.0, 10e9);
        acc.add(T0 + 2000, 1.0, 10e9);
        acc.add(T0 + 2010, 0.01, 1e9); // iperf3's last fragment, 2.00-2.01 s

        assertThat(acc.meanBps()).isCloseTo((20e9 + 0.01 * 1e9) / 2.01, within(1.0));
    }
}
