package io.overlaywatch.jobs.functions;

import io.overlaywatch.jobs.records.CostModel;
import io.overlaywatch.jobs.records.CounterDelta;
import io.overlaywatch.jobs.records.CounterSeries;
import io.overlaywatch.jobs.records.RunMoments;
import io.overlaywatch.jobs.records.RunStep;
import io.overlaywatch.jobs.records.RunSummary;
import io.overlaywatch.jobs.records.StepCounters;
import io.overlaywatch.model.Alert;
import io.overlaywatch.model.Protocol;
import io.overlaywatch.model.Scenario;
import io.overlaywatch.model.Side;
import io.overlaywatch.model.WireRecord;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.overlaywatch.jobs.functions.StepSummaries.T0;
import static org.assertj.core.api.Assertions.assertThat;

/** The analysis functions' records and state are serialised by Flink as POJOs, never through Kryo. */
class AnalysisTypesTest {

    private static final SerializerConfigImpl NO_GENERIC_TYPES = new SerializerConfigImpl();

    static {
        NO_GENERIC_TYPES.setGenericTypes(false);
    }

    @ParameterizedTest
    @ValueSource(classes = {RunSummary.class, RunStep.class, CostModel.class, StepCounters.class,
            CounterDelta.class, CounterSeries.class, RunMoments.class, Alert.class})
    void shouldSerialiseAsAPojoWithGenericTypesDisabled(Class<?> type) {
        TypeInformation<?> info = TypeInformation.of(type);

        assertThat(info).isInstanceOf(PojoTypeInfo.class);
        assertThat(info.createSerializer(NO_GENERIC_TYPES)).isNotNull();
    }

    @Test
    void shouldRoundTripAStepWithItsCountersAndARunSummary() throws Exception {
        StepCounters counters = new StepCounters(StepSummaries.summary(
                StepSummaries.step("r1", Scenario.POLICY, "linear", Protocol.UDP, 1, 10, 1, 1), T0, T0 + 9_000, 9,
                1e9, 1e7), List.of(new CounterDelta("node-b", "snmp", "Udp_InErrors", "", 1, 2, 1, 1)));
        RunSummary summary = new RunSummary("r1", Scenario.POD, "calico", Protocol.TCP, Side.SENDER, T0, T0 + 1,
                2, new int[] {1, 40}, new double[] {2.4e9, 1.2e9}, new double[] {0, -1.2e9}, new double[] {0, -50},
                new int[] {1, 1}, new double[] {Double.NaN, 0.93}, 1, 2.4e9, true, 40, 1.2e9, -1.2e9, -50, null, "calico tcp: ...");

        assertThat(roundTrip(counters, StepCounters.class)).isEqualTo(counters);
        RunSummary back = roundTrip(summary, RunSummary.class);
        assertThat(back.counts()).containsExactly(1, 40);
        assertThat(back.costModel()).isNull();
        assertThat(back.sentence()).isEqualTo(summary.sentence());
        Alert alert = new Alert(WireRecord.VERSION, T0, Alert.Type.LOSS, Alert.Status.RESOLVED, "k", "live", 1, 0,
                0, 0, "why");
        assertThat(roundTrip(alert, Alert.class)).isEqualTo(alert);
    }

    @SuppressWarnings("unchecked")
    private static <T> T roundTrip(T value, Class<T> type) throws Exception {
        TypeSerializer<T> serializer = TypeInformation.of(type).createSerializer(NO_GENERIC_TYPES);
        DataOutputSerializer out = new DataOutputSerializer(256);
        serializer.serialize(value, out);
        return serializer.deserialize(new DataInputDeserializer(out.getSharedBuffer(), 0, out.length()));
    }
}
