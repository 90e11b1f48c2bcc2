package io.overlaywatch.lab.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class BenchJsonTest {

    @TempDir
    Path dir;

    @Test
    void shouldWriteAResultWithItsMachineAndGoalsAsJson() throws Exception {
        Machine machine = new Machine(2, 1.5, 1.2, 0.9, "2026-11-26T15:15:00Z");
        AgentBenchCommand.Result result = new AgentBenchCommand.Result("2026-11-26T15:15:00Z", machine, 10,
                List.of(new AgentBenchCommand.Pair(9.9e9, 10e9, 0.99, machine)),
                new MedianInterval(0.99, 0.97, 1.01, 0.961), 10, 40,
                List.of(new AgentBenchCommand.Usage("agent runtime -Xmx32m", true, 440, 60.5, 58.0, 3.1, 0.4, 0.01, machine)),
                List.of(Goal.atLeast("ratio", 0.99, 0.98, "")));
        Path file = dir.resolve("sub/agent.json");

        BenchJson.write(file, result);

        JsonNode json = new ObjectMapper().readTree(Files.readString(file));
        assertThat(json.path("ratio").path("median").asDouble()).isEqualTo(0.99);
        assertThat(json.path("ratio").path("low").asDouble()).isEqualTo(0.97);
        assertThat(json.path("ratio").path("coverage").asDouble()).isEqualTo(0.961);
        assertThat(json.path("machine").path("cores").asInt()).isEqualTo(2);
        assertThat(json.path("machine").path("load1").asDouble()).isEqualTo(1.5);
        assertThat(json.path("pairs").get(0).path("bareBps").asDouble()).isEqualTo(10e9);
        assertThat(json.path("usage").get(0).path("peakRssMiB").asDouble()).isEqualTo(60.5);
        assertThat(json.path("usage").get(0).path("inPod").asBoolean()).isTrue();
        assertThat(json.path("goals").get(0).path("met").asBoolean()).isTrue();
    }

    @Test
    void shouldReadTheReceivedThroughputFromIperf3Json() throws Exception {
        String json = "{\"start\":{},\"intervals\":[],\"end\":{\"sum_sent\":{\"bits_per_second\":2.5e10},"
                + "\"sum_received\":{\"bits_per_second\":2.4e10}}}";

        assertThat(ReceivingServer.receivedBitsPerSecond(json)).isEqualTo(2.4e10);
    }

    @Test
    void shouldSayWhyIperf3GaveNoThroughput() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ReceivingServer.receivedBitsPerSecond(
                        "{\"start\":{},\"intervals\":[],\"end\":{},\"error\":\"the client has unexpectedly closed\"}"))
                .hasMessageContaining("unexpectedly closed");
    }
}
