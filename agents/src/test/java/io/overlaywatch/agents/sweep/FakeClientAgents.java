package io.overlaywatch.agents.sweep;

import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.overlaywatch.agents.sink.KafkaRecordSink;
import io.overlaywatch.agents.sink.KafkaSinkConfig;
import io.overlaywatch.model.StepAck;
import io.overlaywatch.model.StepCommand;
import io.overlaywatch.model.WireCodec;
import io.overlaywatch.model.WireRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiFunction;

/**
 * Plays the client agents' part: reads the step commands from the control topic and acknowledges each for every
 * client it addresses, through the real sink on the steps topic. On each command it also notes what the cluster held
 * at that moment, as a client starting its test would find it.
 */
final class FakeClientAgents implements AutoCloseable {

    /** A command as the clients received it, with the run's policies and pods in the cluster then. */
    record Received(StepCommand command, List<NetworkPolicy> policies, Map<String, Integer> replicas) {
    }

    private final KubernetesClient cluster;
    private final String namespace;
    private final BiFunction<StepCommand, String, StepAck.Status> answer;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final KafkaRecordSink sink;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread thread;
    private volatile Exception failure;

    /** {@code answer} says how a client ends a step: DONE, FAILED, or null for no answer at all. */
    FakeClientAgents(KafkaSinkConfig config, String controlTopic, KubernetesClient cluster, String namespace,
                     BiFunction<StepCommand, String, StepAck.Status> answer) {
        this.cluster = cluster;
        this.namespace = namespace;
        this.answer = answer;
        this.sink = new KafkaRecordSink(config);
        this.consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "fake-clients-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName()));
        consumer.subscribe(List.of(controlTopic));
        this.thread = new Thread(this::loop, "fake-client-agents");
        thread.setDaemon(true);
        thread.start();
    }

    private void loop() {
        try {
            while (running.get()) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                    WireRecord decoded = WireCodec.decode(record.value()).record();
                    if (decoded instanceof StepCommand command) {
                        handle(command);
                    }
                }
            }
        } catch (Exception e) {
            failure = e;
        } finally {
            consumer.close();
        }
    }

    private void handle(StepCommand command) {
        List<NetworkPolicy> policies = cluster.network().v1().networkPolicies().inNamespace(namespace)
                .withLabel("overlaywatch.io/run", command.step().run()).list().getItems();
        Map<String, Integer> replicas = Map.of(
                "overlaywatch-client", replicas("overlaywatch-client"),
                "overlaywatch-server", replicas("overlaywatch-server"));
        received.add(new Received(command, policies, replicas));
        for (String client : command.clients()) {
            StepAck.Status status = answer.apply(command, client);
            if (status != null) {
                sink.send(new StepAck(WireRecord.VERSION, System.currentTimeMillis(), command.step(), client, status,
                        status == StepAck.Status.FAILED ? "iperf3: unable to connect to server" : null));
            }
        }
        sink.flush();
    }

    private int replicas(String deployment) {
        return cluster.apps().deployments().inNamespace(namespace).withName(deployment).get().getSpec().getReplicas();
    }

    List<Received> received() {
        return List.copyOf(received);
    }

    @Override
    public void close() throws Exception {
        running.set(false);
        thread.join(10_000);
        sink.close();
        if (failure != null) {
            throw failure;
        }
    }
}
