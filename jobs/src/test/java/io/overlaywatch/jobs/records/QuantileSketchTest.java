package io.overlaywatch.jobs.records;

import org.apache.commons.math3.stat.descriptive.rank.Percentile;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assertions.withinPercentage;

class QuantileSketchTest {

    @Test
    void shouldInterpolateExactQuantilesBetweenTheSortedValues() {
        QuantileSketch sketch = new QuantileSketch(10);
        sketch.addAll(List.of(4.0, 1.0, 3.0, 2.0));

        // Sorted 1 2 3 4 (n = 4), rank h = (n - 1) q: median h = 1.5 -> 2.5; p5 h = 0.15 -> 1.15; p95 h = 2.85 -> 3.85
        assertThat(sketch.isExact()).isTrue();
        assertThat(sketch.quantile(0.5)).isCloseTo(2.5, within(1e-12));
        assertThat(sketch.quantile(0.05)).isCloseTo(1.15, within(1e-12));
        assertThat(sketch.quantile(0.95)).isCloseTo(3.85, within(1e-12));
        assertThat(sketch.quantile(0)).isEqualTo(1.0);
        assertThat(sketch.quantile(1)).isEqualTo(4.0);
    }

    @Test
    void shouldSeeNewValuesAfterAQuantileWasAsked() {
        QuantileSketch sketch = new QuantileSketch(10);
        sketch.addAll(List.of(1.0, 2.0, 3.0));
        assertThat(sketch.quantile(0.5)).isEqualTo(2.0);

        sketch.add(100.0);
        sketch.add(200.0);

        assertThat(sketch.quantile(0.5)).isEqualTo(3.0);
    }

    @Test
    void shouldAnswerNaNWhenEmpty() {
        assertThat(new QuantileSketch(10).quantile(0.5)).isNaN();
        assertThat(new QuantileSketch().quantile(0.5)).isNaN();
    }

    @Test
    void shouldKeepValuesExactUpToTheLimitAndSwitchToTheDigestPastIt() {
        QuantileSketch sketch = new QuantileSketch(1000);
        double[] values = uniform(1000, 1);
        sketch.addAll(boxed(values));
        assertThat(sketch.isExact()).isTrue();
        assertThat(sketch.quantile(0.95)).isEqualTo(exact(values, 95));

        sketch.add(5e9);

        assertThat(sketch.isExact()).isFalse();
        assertThat(sketch.values).isNull();
        assertThat(sketch.count).isEqualTo(1001);
    }

    @Test
    void shouldEstimateQuantilesWithinOnePercentInAFewKibibytes() {
        double[] values = uniform(100_000, 2);
        QuantileSketch sketch = new QuantileSketch(100);
        sketch.addAll(boxed(values));

        assertThat(sketch.isExact()).isFalse();
        assertThat(sketch.digest.length).isLessThan(8 * 1024);
        for (double p : new double[] {5, 50, 95}) {
            assertThat(sketch.quantile(p / 100)).as("p%s", p).isCloseTo(exact(values, p), withinPercentage(1));
        }
    }

    @Test
    void shouldMergeTwoDigestsIntoTheQuantilesOfAllTheirValues() {
        double[] a = uniform(5_000, 3);
        double[] b = new double[5_000];
        for (int i = 0; i < b.length; i++) {
            b[i] = 2 * a[i]; // another range, so that the merge changes every quantile
        }
        QuantileSketch left = new QuantileSketch(100);
        left.addAll(boxed(a));
        QuantileSketch right = new QuantileSketch(100);
        right.addAll(boxed(b));
        byte[] rightBefore = right.digest.clone();

        left.merge(right);

        double[] all = new double[a.length + b.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        assertThat(left.count).isEqualTo(10_000);
        for (double p : new double[] {5, 50, 95}) {
            assertThat(left.quantile(p / 100)).as("p%s", p).isCloseTo(exact(all, p), withinPercentage(1));
        }
        assertThat(right.digest).isEqualTo(rightBefore);
    }

    @Test
    void shouldMergeExactSketchesExactlyWhileTheyFitAndIntoADigestWhenNot() {
        QuantileSketch left = new QuantileSketch(4);
        left.addAll(List.of(1.0, 2.0));
        QuantileSketch right = new QuantileSketch(4);
        right.addAll(List.of(3.0, 4.0));

        left.merge(right);
        assertThat(left.isExact()).isTrue();
        assertThat(left.quantile(0.5)).isEqualTo(2.5);

        left.merge(right);
        assertThat(left.isExact()).isFalse();
        assertThat(left.count).isEqualTo(6);
        assertThat(left.quantile(0)).isEqualTo(1.0);
        assertThat(left.quantile(1)).isEqualTo(4.0);
    }

    @Test
    void shouldRejectValuesThatAreNotFinite() {
        QuantileSketch sketch = new QuantileSketch(4);
        assertThatThrownBy(() -> sketch.add(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> sketch.quantile(1.5)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldBeAFlinkPojoThatSurvivesSerialisationWithoutKryo() throws Exception {
        TypeInformation<QuantileSketch> type = TypeInformation.of(QuantileSketch.class);
        assertThat(type).isInstanceOf(PojoTypeInfo.class);
        assertThat(TypeInformation.of(StreamMoments.class)).isInstanceOf(PojoTypeInfo.class);
        SerializerConfigImpl config = new SerializerConfigImpl();
        config.setGenericTypes(false);
        TypeSerializer<QuantileSketch> serializer = type.createSerializer(config);

        double[] values = uniform(10_000, 4);
        QuantileSketch sketch = new QuantileSketch(100);
        sketch.addAll(boxed(values));
        DataOutputSerializer out = new DataOutputSerializer(1024);
        serializer.serialize(sketch, out);
        QuantileSketch copy = serializer.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));

        assertThat(copy.count).isEqualTo(sketch.count);
        assertThat(copy.quantile(0.95)).isEqualTo(sketch.quantile(0.95));
        copy.addAll(boxed(uniform(1_000, 5)));
        assertThat(copy.count).isEqualTo(11_000);
    }

    private static double[] uniform(int n, long seed) {
        Random random = new Random(seed);
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            values[i] = 1e9 + 9e9 * random.nextDouble();
        }
        return values;
    }

    private static List<Double> boxed(double[] values) {
        List<Double> list = new ArrayList<>(values.length);
        for (double v : values) {
            list.add(v);
        }
        return list;
    }

    private static double exact(double[] values, double percent) {
        return new Percentile().withEstimationType(Percentile.EstimationType.R_7).evaluate(values, percent);
    }
}
