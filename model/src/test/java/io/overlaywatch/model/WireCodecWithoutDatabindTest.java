package io.overlaywatch.model;

import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.core.JsonFactory;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * An agent encodes its records (counters and step acks too), and a sample, a step command and a cluster view decode,
 * with jackson-core alone: here the codec runs in a class loader without databind, where any use of databind fails
 * with {@code NoClassDefFoundError}.
 */
class WireCodecWithoutDatabindTest {

    /** What an agent sends, encoded, and the first sample decoded again; run in the loader without databind. */
    public static final class AgentRecords implements Callable<List<String>> {

        static List<WireRecord> records() {
            StepKey step = new StepKey("run-1", Scenario.POLICY, "linear", Protocol.TCP, 2, 1000, 1, 3);
            return List.of(
                    new Sample(1, 1_795_684_386_000L, step, Side.SENDER, "client-1", "server-1", "node-a",
                            "node-b", "10.1.1.2:54524-10.1.2.2:5201", false, 0, 1.0, false, 997_195_776L, 7.98e9,
                            394L, 342_016L, null, null, null, null, "cubic", "0,0"),
                    new ProbeError(1, 1_795_684_386_000L, step, "client-1", "server-1", "iperf3: error - refused", 1),
                    new StepMarker(1, 1_795_684_386_000L, step, StepMarker.Phase.START, 10),
                    new Counter(1, 1_795_684_386_000L, "run-1", "worker-1", "kubernetes", "policies_selecting_pod",
                            java.util.Map.of("pod", "client-1", "namespace", "bench"), 2),
                    new StepAck(1, 1_795_684_397_000L, step, "client-1", StepAck.Status.FAILED, "iperf3: error"));
        }

        /** What an agent in a pod reads: the sweep driver's step command and the observer's view, as they write them. */
        static List<String> read() {
            return List.of(
                    "{\"kind\":\"step_command\",\"v\":1,\"time\":1795684380000,\"step\":{\"run\":\"run-1\","
                            + "\"scenario\":\"policy\",\"cni\":\"linear\",\"protocol\":\"tcp\",\"index\":2,"
                            + "\"policies\":1000,\"pods\":1,\"repetition\":3},\"startAt\":1795684386000,"
                            + "\"durationSeconds\":10,\"omitSeconds\":1,\"streams\":4,\"udpBitrate\":0,"
                            + "\"clients\":[\"client-1\"],\"servers\":{\"client-1\":\"10.244.2.7\"}}",
                    "{\"kind\":\"cluster\",\"v\":1,\"time\":1795684386000,\"namespace\":\"bench\","
                            + "\"cni\":\"calico-v3.27.0\",\"policies\":100,\"readyClients\":1,\"pods\":["
                            + "{\"name\":\"client-1\",\"ip\":\"10.244.1.5\",\"node\":\"node-a\","
                            + "\"selectingPolicies\":1},{\"name\":\"server-1\",\"ip\":null,\"node\":null,"
                            + "\"selectingPolicies\":100}]}");
        }

        @Override
        public List<String> call() {
            List<String> out = new ArrayList<>();
            for (WireRecord record : records()) {
                out.add(WireCodec.encodeToString(record));
            }
            List<String> decode = new ArrayList<>(read());
            decode.add(0, out.get(0));
            for (String json : decode) {
                Decoded decoded = WireCodec.decode(json.getBytes(StandardCharsets.UTF_8));
                out.add(decoded.isValid() ? decoded.record().toString() : "rejected: " + decoded.reason());
            }
            return out;
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void shouldEncodeAnAgentsRecordsAndDecodeWhatItReadsWithoutDatabind() throws Exception {
        URL[] withoutDatabind = {location(WireCodec.class), location(AgentRecords.class), location(JsonFactory.class),
            location(JsonTypeInfo.class)};
        try (URLClassLoader loader = new URLClassLoader(withoutDatabind, ClassLoader.getPlatformClassLoader())) {
            assertThatThrownBy(() -> loader.loadClass("com.fasterxml.jackson.databind.ObjectMapper"))
                    .isInstanceOf(ClassNotFoundException.class);

            Callable<List<String>> isolated = (Callable<List<String>>) loader.loadClass(AgentRecords.class.getName())
                    .getDeclaredConstructor().newInstance();

            List<String> withDatabind = new AgentRecords().call();
            assertThat(withDatabind).noneMatch(line -> line.startsWith("rejected"));
            assertThat(isolated.call()).isEqualTo(withDatabind);
        }
    }

    private static URL location(Class<?> type) {
        return type.getProtectionDomain().getCodeSource().getLocation();
    }
}
