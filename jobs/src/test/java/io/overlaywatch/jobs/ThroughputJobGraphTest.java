package io.overlaywatch.jobs;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamNode;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** What the job's graph holds for a configuration, without running it. */
class ThroughputJobGraphTest {

    @Test
    void shouldWriteRawSamplesToInfluxDbUnlessToldNotTo() throws Exception {
        assertThat(operators(Map.of())).contains("iperf_interval lines", "step_summary lines", "influxdb: Writer");
        assertThat(operators(Map.of(JobOptions.INFLUX_RAW_SAMPLES.key(), "false")))
                .doesNotContain("iperf_interval lines")
                .contains("step_summary lines", "alert lines", "influxdb: Writer", "stall alerts");
    }

    private static List<String> operators(Map<String, String> settings) throws Exception {
        Configuration conf = JobConfig.load(null, settings);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(2, conf);
        ThroughputJob.fromConfiguration(conf).build(env);
        return env.getStreamGraph().getStreamNodes().stream().map(StreamNode::getOperatorName).toList();
    }
}
