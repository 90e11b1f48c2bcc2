package io.overlaywatch.agents.deploy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.overlaywatch.agents.sink.KafkaSinkConfig;
import io.overlaywatch.agents.sweep.BenchLabels;
import io.overlaywatch.agents.sweep.SweepMain;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * deploy/ parses into fabric8's typed models and holds together: selectors, references, RBAC contracts, pinned
 * images, resources and security contexts. No API server needed: kubectl is not on this machine either.
 */
class DeployManifestsTest {

    private static final String INFRA = "overlaywatch";
    private static final String BENCH = "overlaywatch-bench";
    // A tag that names a version (not latest), or a digest.
    private static final Pattern PINNED = Pattern.compile("[^:@\\s]+(:(?!latest$)[\\w][\\w.-]*)?(@sha256:[0-9a-f]{64})?");

    private final DeployManifests manifests = DeployManifests.load();

    @Test
    void shouldParseEveryFileIntoObjectsWithKindNameAndAKnownNamespace() {
        assertThat(manifests.byFile()).isNotEmpty();
        manifests.byFile().forEach((file, objects) -> assertThat(objects).as(file.toString()).isNotEmpty());
        Set<String> namespaces = manifests.ofType(Namespace.class).stream().map(n -> n.getMetadata().getName())
                .collect(Collectors.toSet());
        assertThat(namespaces).containsExactlyInAnyOrder(INFRA, BENCH);
        for (HasMetadata object : manifests.all()) {
            String name = object.getMetadata().getName() != null ? object.getMetadata().getName()
                    : object.getMetadata().getGenerateName();
            String what = object.getKind() + " " + name;
            assertThat(object.getApiVersion()).as(what).isNotBlank();
            assertThat(name).as(what).isNotBlank();
            if (!(object instanceof Namespace)) {
                assertThat(object.getMetadata().getNamespace()).as(what).isIn(INFRA, BENCH, "kube-system");
            }
        }
        // Custom resources stay generic: their operators' CRDs are not fabric8's.
        assertThat(manifests.ofKind("Kafka")).allMatch(GenericKubernetesResource.class::isInstance);
        assertThat(manifests.ofKind("FlinkDeployment")).allMatch(GenericKubernetesResource.class::isInstance);
    }

    @Test
    void shouldListEveryFileOfTheBaseAndOnlyFilesThatExist() throws IOException {
        Path base = manifests.root().resolve("base");
        List<String> resources = strings(yaml(base.resolve("kustomization.yaml")).get("resources"));
        for (String resource : resources) {
            assertThat(base.resolve(resource)).exists();
        }
        Set<Path> listed = resources.stream().map(r -> base.resolve(r).normalize()).collect(Collectors.toSet());
        try (Stream<Path> files = Files.walk(base)) {
            assertThat(files.filter(f -> f.toString().endsWith(".yaml"))
                    .filter(f -> !f.getFileName().toString().equals("kustomization.yaml")).map(Path::normalize))
                    .as("manifests the base does not list").allMatch(listed::contains);
        }
    }

    @Test
    void shouldAddTheOverlaysCniMetricsToTheBasesCounters() throws IOException {
        DaemonSet base = manifests.named(DaemonSet.class, "overlaywatch-counters");
        Container baseContainer = base.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(base.getSpec().getTemplate().getSpec().getHostNetwork()).isTrue();
        for (String[] overlay : List.of(new String[] {"calico", "--felix"}, new String[] {"cilium", "--cilium"})) {
            Path dir = manifests.root().resolve("overlays").resolve(overlay[0]);
            Map<String, Object> kustomization = yaml(dir.resolve("kustomization.yaml"));
            assertThat(strings(kustomization.get("resources"))).containsExactly("../../base");
            List<Map<String, Object>> patches = maps(kustomization.get("patches"));
            assertThat(patches).hasSize(1);
            DaemonSet patch;
            try (InputStream in = Files.newInputStream(dir.resolve((String) patches.get(0).get("path")))) {
                patch = (DaemonSet) DeployManifests.parse(in).get(0);
            }
            // A strategic merge patch finds its target by kind, name and namespace.
            assertThat(key(patch)).isEqualTo(key(base));
            Container patched = patch.getSpec().getTemplate().getSpec().getContainers().get(0);
            assertThat(patched.getName()).isEqualTo(baseContainer.getName());
            List<String> expected = new ArrayList<>(baseContainer.getArgs());
            expected.add(expected.indexOf("--bootstrap-servers"), overlay[1]);
            assertThat(patched.getArgs()).as(overlay[0]).containsExactlyElementsOf(expected);
        }
    }

    @Test
    void shouldSelectTheirOwnPodsWithWorkloadsAndServices() {
        Map<String, PodTemplateSpec> templates = templates();
        templates.forEach((name, template) -> assertThat(template.getMetadata().getLabels()).as(name).isNotEmpty());
        for (Deployment d : manifests.ofType(Deployment.class)) {
            assertThat(d.getSpec().getTemplate().getMetadata().getLabels()).as(d.getMetadata().getName())
                    .containsAllEntriesOf(d.getSpec().getSelector().getMatchLabels());
        }
        for (DaemonSet d : manifests.ofType(DaemonSet.class)) {
            assertThat(d.getSpec().getTemplate().getMetadata().getLabels())
                    .containsAllEntriesOf(d.getSpec().getSelector().getMatchLabels());
        }
        for (StatefulSet s : manifests.ofType(StatefulSet.class)) {
            assertThat(s.getSpec().getTemplate().getMetadata().getLabels())
                    .containsAllEntriesOf(s.getSpec().getSelector().getMatchLabels());
            assertThat(manifests.ofType(Service.class)).extracting(v -> v.getMetadata().getName())
                    .contains(s.getSpec().getServiceName());
        }
        for (Service service : manifests.ofType(Service.class)) {
            Map<String, String> selector = service.getSpec().getSelector();
            assertThat(templates.entrySet().stream()
                    .filter(e -> e.getKey().startsWith(service.getMetadata().getNamespace() + "/"))
                    .filter(e -> e.getValue().getMetadata().getLabels().entrySet().containsAll(selector.entrySet())))
                    .as("pods selected by Service " + service.getMetadata().getName()).isNotEmpty();
        }
    }

    @Test
    void shouldPutClientsAndServersOnDifferentNodesAndGiveThemTheirIdentity() {
        Deployment client = manifests.named(Deployment.class, "overlaywatch-client");
        Deployment server = manifests.named(Deployment.class, "overlaywatch-server");
        assertThat(client.getMetadata().getNamespace()).isEqualTo(BENCH);
        assertThat(server.getMetadata().getNamespace()).isEqualTo(BENCH);
        for (Deployment[] pair : List.of(new Deployment[] {client, server}, new Deployment[] {server, client})) {
            PodSpec spec = pair[0].getSpec().getTemplate().getSpec();
            var terms = spec.getAffinity().getPodAntiAffinity().getRequiredDuringSchedulingIgnoredDuringExecution();
            assertThat(terms).singleElement().satisfies(term -> {
                assertThat(term.getTopologyKey()).isEqualTo("kubernetes.io/hostname");
                assertThat(pair[1].getSpec().getTemplate().getMetadata().getLabels())
                        .containsAllEntriesOf(term.getLabelSelector().getMatchLabels());
                assertThat(pair[0].getSpec().getTemplate().getMetadata().getLabels())
                        .doesNotContainEntry(BenchLabels.ROLE, term.getLabelSelector().getMatchLabels().get(BenchLabels.ROLE));
            });
            Container agent = spec.getContainers().get(0);
            Map<String, String> fields = agent.getEnv().stream().filter(e -> e.getValueFrom() != null
                            && e.getValueFrom().getFieldRef() != null)
                    .collect(Collectors.toMap(EnvVar::getName, e -> e.getValueFrom().getFieldRef().getFieldPath()));
            assertThat(fields).containsEntry("POD_NAME", "metadata.name").containsEntry("POD_NAMESPACE", "metadata.namespace")
                    .containsEntry("NODE_NAME", "spec.nodeName");
            assertThat(spec.getAutomountServiceAccountToken()).as("the agents call no API").isFalse();
            assertThat(spec.getServiceAccountName()).isNull();
        }
        // The observer counts the experiment's pods and its clients by the selectors it is given: those must be the
        // labels the agents' pods carry (and not its own), and the clients' server the headless Service of the servers.
        Deployment observer = manifests.named(Deployment.class, "overlaywatch-observer");
        assertThat(observer.getMetadata().getNamespace()).isEqualTo(BENCH);
        assertThat(observer.getSpec().getReplicas()).isEqualTo(1);
        PodSpec observerPod = observer.getSpec().getTemplate().getSpec();
        assertThat(observerPod.getServiceAccountName()).isEqualTo("overlaywatch-observer");
        List<String> observerArgs = observerPod.getContainers().get(0).getArgs();
        assertThat(observerArgs).first().isEqualTo("observe");
        assertThat(env(observerPod.getContainers().get(0))).containsKey("POD_NAMESPACE");
        Map<String, String> pods = selector(observerArgs.get(observerArgs.indexOf("--pod-selector") + 1));
        Map<String, String> clients = selector(observerArgs.get(observerArgs.indexOf("--client-selector") + 1));
        assertThat(client.getSpec().getTemplate().getMetadata().getLabels()).containsAllEntriesOf(pods)
                .containsAllEntriesOf(clients);
        assertThat(server.getSpec().getTemplate().getMetadata().getLabels()).containsAllEntriesOf(pods)
                .doesNotContainEntry(BenchLabels.ROLE, clients.get(BenchLabels.ROLE));
        assertThat(observer.getSpec().getTemplate().getMetadata().getLabels().entrySet())
                .as("the observer is not one of the experiment's pods").doesNotContainAnyElementsOf(pods.entrySet());
        for (Deployment agent : List.of(client, server)) {
            assertThat(agent.getSpec().getTemplate().getSpec().getContainers().get(0).getArgs()).contains("--kubernetes");
        }
        List<String> clientArgs = client.getSpec().getTemplate().getSpec().getContainers().get(0).getArgs();
        Service servers = manifests.named(Service.class, clientArgs.get(clientArgs.indexOf("--server") + 1));
        assertThat(servers.getSpec().getClusterIP()).isEqualTo("None");
        assertThat(server.getSpec().getTemplate().getMetadata().getLabels())
                .containsAllEntriesOf(servers.getSpec().getSelector());
        // The driver's defaults name these Deployments, and the policies select pods by the role label.
        assertThat(client.getSpec().getTemplate().getMetadata().getLabels()).containsEntry(BenchLabels.ROLE, BenchLabels.CLIENT);
        assertThat(server.getSpec().getTemplate().getMetadata().getLabels()).containsEntry(BenchLabels.ROLE, BenchLabels.SERVER);
    }

    @Test
    void shouldGrantTheObserverExactlyReadAccessToPodsPoliciesAndKubeSystemDaemonSets() {
        RoleChecker agent = manifests.rolesOf("overlaywatch-observer", BENCH);
        Set<RoleChecker.Grant> expected = new HashSet<>();
        for (String verb : List.of("get", "list", "watch")) {
            expected.add(new RoleChecker.Grant(BENCH, "", "pods", verb));
            expected.add(new RoleChecker.Grant(BENCH, "networking.k8s.io", "networkpolicies", verb));
            expected.add(new RoleChecker.Grant("kube-system", "apps", "daemonsets", verb));
        }
        assertThat(agent.grants()).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(agent.allows(ApiCall.of("GET", "/apis/apps/v1/namespaces/kube-system/daemonsets?labelSelector=k8s-app")))
                .isTrue();
        assertThat(agent.allows(ApiCall.of("GET", "/apis/apps/v1/namespaces/" + BENCH + "/daemonsets"))).isFalse();
        assertThat(agent.allows(ApiCall.of("DELETE", "/api/v1/namespaces/" + BENCH + "/pods/x"))).isFalse();
    }

    @Test
    void shouldKeepTheSweepDriverInTheBenchNamespace() {
        RoleChecker sweep = manifests.rolesOf("overlaywatch-sweep", BENCH);
        assertThat(sweep.grants()).isNotEmpty().allMatch(g -> g.namespace().equals(BENCH));
        assertThat(sweep.allows(ApiCall.of("POST", "/apis/networking.k8s.io/v1/namespaces/default/networkpolicies"))).isFalse();
    }

    @Test
    void shouldRunTheSweepJobsAsTheDriverWithArgumentsTheDriverTakes() {
        List<Job> jobs = manifests.ofType(Job.class);
        assertThat(jobs).hasSize(2);
        for (Job job : jobs) {
            PodSpec pod = job.getSpec().getTemplate().getSpec();
            assertThat(job.getMetadata().getNamespace()).isEqualTo(BENCH);
            assertThat(pod.getServiceAccountName()).isEqualTo("overlaywatch-sweep");
            Container sweep = pod.getContainers().get(0);
            assertThat(sweep.getCommand()).last().isEqualTo(SweepMain.class.getName());
            List<String> args = new ArrayList<>(sweep.getArgs());
            args.add("--dry-run");
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int code = SweepMain.run(context -> {
                throw new AssertionError("a dry run connects to nothing");
            }, new PrintStream(OutputStream.nullOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8),
                    args.toArray(String[]::new));
            assertThat(code).as(job.getMetadata().getGenerateName() + ": " + err.toString(StandardCharsets.UTF_8)).isZero();
        }
    }

    @Test
    void shouldBindOnlyRolesAndServiceAccountsThatExist() {
        Set<String> accounts = manifests.ofType(ServiceAccount.class).stream()
                .map(a -> a.getMetadata().getNamespace() + "/" + a.getMetadata().getName()).collect(Collectors.toSet());
        for (RoleBinding binding : manifests.ofType(RoleBinding.class)) {
            binding.getSubjects().forEach(s -> assertThat(accounts).contains(s.getNamespace() + "/" + s.getName()));
        }
        for (var entry : templates().entrySet()) {
            String account = entry.getValue().getSpec().getServiceAccountName();
            if (account != null) {
                assertThat(accounts).contains(entry.getKey().split("/")[0] + "/" + account);
            }
        }
    }

    @Test
    void shouldPinEveryImageAndBoundAndHardenEveryContainer() {
        Map<String, PodTemplateSpec> templates = templates();
        for (var entry : templates.entrySet()) {
            PodSpec spec = entry.getValue().getSpec();
            assertThat(spec.getSecurityContext().getRunAsNonRoot()).as(entry.getKey()).isTrue();
            assertThat(spec.getSecurityContext().getSeccompProfile().getType()).as(entry.getKey()).isEqualTo("RuntimeDefault");
            for (Container c : spec.getContainers()) {
                String what = entry.getKey() + " " + c.getName();
                assertPinned(what, c.getImage());
                assertThat(c.getResources().getRequests()).as(what).containsKeys("cpu", "memory");
                assertThat(c.getResources().getLimits()).as(what).containsKeys("cpu", "memory");
                assertThat(c.getSecurityContext().getAllowPrivilegeEscalation()).as(what).isFalse();
                assertThat(c.getSecurityContext().getReadOnlyRootFilesystem()).as(what).isTrue();
                assertThat(c.getSecurityContext().getCapabilities().getDrop()).as(what).containsExactly("ALL");
            }
        }
        for (HasMetadata flink : manifests.ofKind("FlinkDeployment")) {
            assertPinned("FlinkDeployment", (String) spec(flink).get("image"));
        }
    }

    @Test
    void shouldPinTheBaseImagesOfTheDockerfiles() throws IOException {
        try (Stream<Path> files = Files.list(manifests.root().resolve("images"))) {
            List<Path> dockerfiles = files.filter(f -> f.toString().endsWith("Dockerfile")).toList();
            assertThat(dockerfiles).hasSize(2);
            for (Path dockerfile : dockerfiles) {
                List<String> from = Files.readAllLines(dockerfile).stream().filter(l -> l.startsWith("FROM ")).toList();
                assertThat(from).as(dockerfile.toString()).isNotEmpty();
                from.forEach(line -> {
                    String image = line.split("\\s+")[1];
                    assertThat(image).as(dockerfile.toString()).contains(":");
                    assertPinned(dockerfile.toString(), image);
                });
                // The jar each copies is the one the build makes.
                assertThat(Files.readString(dockerfile)).containsAnyOf("agents/target/overlaywatch-agent.jar",
                        "jobs/target/overlaywatch-jobs.jar");
            }
        }
    }

    @Test
    void shouldBuildTheAgentImagesRuntimeAsTheBuildDoes() throws IOException {
        String dockerfile = Files.readString(manifests.root().resolve("images/agent.Dockerfile"));
        // The arguments the agent module's build gives jlink for target/agent-runtime, which the tests and the
        // bench run the agent on; the image's java is that runtime's.
        assertThat(DeployManifests.repositoryRoot().resolve("agents/src/main/jlink/agent-runtime.args")).isRegularFile();
        assertThat(dockerfile).contains("COPY agents/src/main/jlink/agent-runtime.args /tmp/agent-runtime.args",
                "RUN jlink @/tmp/agent-runtime.args --output /opt/overlaywatch/runtime",
                "ENV PATH=/opt/overlaywatch/runtime/bin:$PATH",
                "ENTRYPOINT [\"java\", \"-jar\", \"/opt/overlaywatch/overlaywatch-agent.jar\"]");
    }

    @Test
    void shouldHaveATopicForEveryTopicTheAgentsDriverAndJobUse() {
        List<HasMetadata> kafkas = manifests.ofKind("Kafka");
        assertThat(kafkas).hasSize(1);
        HasMetadata kafka = kafkas.get(0);
        assertThat(kafka.getMetadata().getAnnotations()).containsEntry("strimzi.io/kraft", "enabled")
                .containsEntry("strimzi.io/node-pools", "enabled");
        String cluster = kafka.getMetadata().getName();
        assertThat(manifests.ofKind("KafkaNodePool")).isNotEmpty().allSatisfy(pool ->
                assertThat(pool.getMetadata().getLabels()).containsEntry("strimzi.io/cluster", cluster));
        List<HasMetadata> topics = manifests.ofKind("KafkaTopic");
        topics.forEach(t -> assertThat(t.getMetadata().getLabels()).containsEntry("strimzi.io/cluster", cluster));
        assertThat(topics).extracting(t -> t.getMetadata().getName()).containsExactlyInAnyOrder(
                KafkaSinkConfig.DEFAULT_SAMPLES_TOPIC, KafkaSinkConfig.DEFAULT_STEPS_TOPIC,
                KafkaSinkConfig.DEFAULT_COUNTERS_TOPIC, KafkaSinkConfig.DEFAULT_CONTROL_TOPIC,
                KafkaSinkConfig.DEFAULT_CLUSTER_TOPIC, "overlaywatch.deadletter", "overlaywatch.alerts");
        // The job and the agents reach the brokers through the bootstrap Service Strimzi names after the cluster.
        String bootstrap = cluster + "-kafka-bootstrap." + INFRA + ".svc:9092";
        assertThat(jobConfig()).containsEntry("kafka.bootstrap-servers", bootstrap);
        assertThat(env(manifests.named(Deployment.class, "overlaywatch-client").getSpec().getTemplate().getSpec()
                .getContainers().get(0))).containsEntry("KAFKA_BOOTSTRAP_SERVERS", bootstrap);
        List<String> counterArgs = manifests.named(DaemonSet.class, "overlaywatch-counters").getSpec().getTemplate()
                .getSpec().getContainers().get(0).getArgs();
        assertThat(counterArgs.get(counterArgs.indexOf("--bootstrap-servers") + 1)).isEqualTo(bootstrap);
        topics.forEach(t -> {
            String name = t.getMetadata().getName();
            if (!name.equals(KafkaSinkConfig.DEFAULT_CONTROL_TOPIC) && !name.equals(KafkaSinkConfig.DEFAULT_CLUSTER_TOPIC)) {
                assertThat(jobConfig().values()).as("the job's topics").contains(name);
            }
        });
    }

    @Test
    @SuppressWarnings("unchecked")
    void shouldStartTheTaskManagersWithTheJvmOptionsTheJobIsBenchmarkedWith() throws IOException {
        List<String> options = Files.readAllLines(DeployManifests.repositoryRoot().resolve(
                "jobs/src/main/jvm/job.jvm-options")).stream().filter(line -> !line.isBlank() && !line.startsWith("#"))
                .map(String::strip).toList();
        Map<String, Object> conf = (Map<String, Object>) spec(manifests.ofKind("FlinkDeployment").get(0))
                .get("flinkConfiguration");

        assertThat(options).isNotEmpty();
        assertThat(conf).containsEntry("env.java.opts.taskmanager", String.join(" ", options));
    }

    @Test
    @SuppressWarnings("unchecked")
    void shouldRunTheJobWithSavepointUpgradesCheckpointsOnAVolumeAndTheTokenFromTheSecret() {
        HasMetadata flink = manifests.ofKind("FlinkDeployment").get(0);
        Map<String, Object> spec = spec(flink);
        Map<String, Object> job = (Map<String, Object>) spec.get("job");
        assertThat(job).containsEntry("entryClass", "io.overlaywatch.jobs.JobMain").containsEntry("upgradeMode", "savepoint");
        Map<String, Object> conf = (Map<String, Object>) spec.get("flinkConfiguration");
        PodSpec pod = new KubernetesSerialization().convertValue(((Map<String, Object>) spec.get("podTemplate")).get("spec"),
                PodSpec.class);
        Container main = pod.getContainers().get(0);
        assertThat(main.getName()).isEqualTo("flink-main-container");
        for (String key : List.of("execution.checkpointing.dir", "execution.checkpointing.savepoint-dir")) {
            String dir = ((String) conf.get(key)).replaceFirst("^file://", "");
            String mount = main.getVolumeMounts().stream().map(m -> m.getMountPath()).filter(dir::startsWith)
                    .findFirst().orElseThrow(() -> new AssertionError(key + " " + dir + " is on no volume"));
            String volume = main.getVolumeMounts().stream().filter(m -> m.getMountPath().equals(mount)).findFirst()
                    .orElseThrow().getName();
            assertThat(pod.getVolumes()).filteredOn(v -> v.getName().equals(volume))
                    .singleElement().satisfies(v -> assertThat(v.getPersistentVolumeClaim()).isNotNull());
        }
        assertThat(main.getEnv()).anySatisfy(e -> {
            assertThat(e.getName()).isEqualTo("OVERLAYWATCH_INFLUX_TOKEN");
            assertThat(e.getValueFrom().getSecretKeyRef().getName()).isEqualTo("overlaywatch-influxdb");
        });
        // The program reads the config file the ConfigMap puts where its args say.
        List<String> args = (List<String>) job.get("args");
        String configFile = args.get(args.indexOf("--config") + 1);
        String configMount = main.getVolumeMounts().stream().filter(m -> configFile.startsWith(m.getMountPath() + "/"))
                .findFirst().orElseThrow().getName();
        String configMap = pod.getVolumes().stream().filter(v -> v.getName().equals(configMount)).findFirst()
                .orElseThrow().getConfigMap().getName();
        assertThat(manifests.named(ConfigMap.class, configMap).getData())
                .containsKey(configFile.substring(configFile.lastIndexOf('/') + 1));
        assertThat(jobConfig()).containsEntry("influx.api", "v2")
                .containsEntry("influx.url", "http://influxdb." + INFRA + ".svc:8086");
    }

    @Test
    void shouldReferOnlyToSecretKeysAndConfigMapsThatExist() throws IOException {
        Map<String, Set<String>> secrets = new LinkedHashMap<>();
        manifests.ofType(Secret.class).forEach(s -> secrets.put(s.getMetadata().getName(), s.getStringData().keySet()));
        Set<String> configMaps = manifests.ofType(ConfigMap.class).stream().map(c -> c.getMetadata().getName())
                .collect(Collectors.toCollection(HashSet::new));
        configMaps.addAll(generatedConfigMaps());
        List<PodSpec> pods = new ArrayList<>(templates().values().stream().map(PodTemplateSpec::getSpec).toList());
        for (PodSpec pod : pods) {
            for (Container c : pod.getContainers()) {
                for (EnvVar e : c.getEnv()) {
                    if (e.getValueFrom() != null && e.getValueFrom().getSecretKeyRef() != null) {
                        var ref = e.getValueFrom().getSecretKeyRef();
                        assertThat(secrets).containsKey(ref.getName());
                        assertThat(secrets.get(ref.getName())).as(ref.getName()).contains(ref.getKey());
                    }
                }
            }
            for (Volume v : pod.getVolumes()) {
                if (v.getConfigMap() != null) {
                    assertThat(configMaps).contains(v.getConfigMap().getName());
                }
            }
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void shouldProvisionGrafanaFromTheDashboardsFolder() throws IOException {
        Path top = DeployManifests.repositoryRoot();
        Map<String, Object> kustomization = yaml(top.resolve("kustomization.yaml"));
        assertThat(kustomization).containsEntry("namespace", INFRA);
        Deployment grafana = manifests.named(Deployment.class, "grafana");
        PodSpec pod = grafana.getSpec().getTemplate().getSpec();
        Container container = pod.getContainers().get(0);
        Map<String, String> mountOfConfigMap = new LinkedHashMap<>();
        for (Volume v : pod.getVolumes()) {
            if (v.getConfigMap() != null) {
                container.getVolumeMounts().stream().filter(m -> m.getName().equals(v.getName())).findFirst()
                        .ifPresent(m -> mountOfConfigMap.put(v.getConfigMap().getName(), m.getMountPath()));
            }
        }
        assertThat(mountOfConfigMap.keySet()).containsExactlyInAnyOrderElementsOf(generatedConfigMaps());

        // The files are another part's work; once dashboards/ exists, they must be there and agree with the mounts.
        assumeTrue(Files.isDirectory(top.resolve("dashboards")), "dashboards/ not in this checkout yet");
        for (Map<String, Object> generator : maps(kustomization.get("configMapGenerator"))) {
            strings(generator.get("files")).forEach(f -> assertThat(top.resolve(f)).exists());
        }
        Path datasourceFile = top.resolve("dashboards/provisioning/datasource.yaml");
        assertThat(maps(yaml(datasourceFile).get("datasources"))).extracting(d -> d.get("uid"))
                .contains("overlaywatch-influxdb");
        // Grafana expands ${VAR} in provisioning files: every variable must be set on the container.
        Set<String> variables = Pattern.compile("\\$\\{(\\w+)}").matcher(Files.readString(datasourceFile)).results()
                .map(m -> m.group(1)).collect(Collectors.toSet());
        assertThat(env(container).keySet()).containsAll(variables);
        Map<String, Object> providers = yaml(top.resolve("dashboards/provisioning/dashboards.yaml"));
        assertThat(maps(providers.get("providers"))).extracting(p -> ((Map<String, Object>) p.get("options")).get("path"))
                .containsOnly(mountOfConfigMap.get("overlaywatch-grafana-dashboards"));
    }

    private Set<String> generatedConfigMaps() throws IOException {
        Map<String, Object> top = yaml(DeployManifests.repositoryRoot().resolve("kustomization.yaml"));
        return maps(top.get("configMapGenerator")).stream().map(g -> (String) g.get("name")).collect(Collectors.toSet());
    }

    private Map<String, String> jobConfig() {
        String text = manifests.named(ConfigMap.class, "overlaywatch-job-config").getData().get("job.conf");
        Map<String, String> values = new LinkedHashMap<>();
        text.lines().filter(l -> !l.isBlank() && !l.startsWith("#")).forEach(l -> {
            int colon = l.indexOf(':');
            values.put(l.substring(0, colon).trim(), l.substring(colon + 1).trim());
        });
        return values;
    }

    /** Pod templates of every workload, by namespace/name. */
    private Map<String, PodTemplateSpec> templates() {
        Map<String, PodTemplateSpec> templates = new LinkedHashMap<>();
        manifests.ofType(Deployment.class).forEach(d -> templates.put(key(d), d.getSpec().getTemplate()));
        manifests.ofType(StatefulSet.class).forEach(s -> templates.put(key(s), s.getSpec().getTemplate()));
        manifests.ofType(Job.class).forEach(j -> templates.put(key(j), j.getSpec().getTemplate()));
        manifests.ofType(DaemonSet.class).forEach(d -> templates.put(key(d), d.getSpec().getTemplate()));
        assertThat(templates).isNotEmpty();
        return templates;
    }

    /** {@code a=b,c=d} as kubectl -l takes equality selectors. */
    private static Map<String, String> selector(String text) {
        Map<String, String> labels = new LinkedHashMap<>();
        for (String term : text.split(",")) {
            String[] kv = term.split("=", 2);
            labels.put(kv[0].trim(), kv[1].trim());
        }
        return labels;
    }

    private static String key(HasMetadata o) {
        String name = o.getMetadata().getName() != null ? o.getMetadata().getName() : o.getMetadata().getGenerateName();
        return o.getMetadata().getNamespace() + "/" + name;
    }

    private static void assertPinned(String what, String image) {
        assertThat(image).as(what).isNotBlank().doesNotEndWith(":latest").matches(PINNED);
        assertThat(image.contains(":") || image.contains("@sha256:")).as(what + " " + image + " has a tag or digest").isTrue();
    }

    private static Map<String, String> env(Container c) {
        Map<String, String> env = new LinkedHashMap<>();
        c.getEnv().forEach(e -> env.put(e.getName(), e.getValue()));
        return env;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> spec(HasMetadata custom) {
        return (Map<String, Object>) ((GenericKubernetesResource) custom).getAdditionalProperties().get("spec");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> yaml(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return new KubernetesSerialization().unmarshal(in, Map.class);
        }
    }

    @SuppressWarnings("unchecked")
    private static List<String> strings(Object list) {
        return (List<String>) list;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> maps(Object list) {
        return (List<Map<String, Object>>) list;
    }
}
