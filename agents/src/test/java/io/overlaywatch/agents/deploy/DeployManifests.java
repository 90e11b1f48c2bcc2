package io.overlaywatch.agents.deploy;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The manifests of deploy/ read into typed fabric8 models (custom resources as GenericKubernetesResource), by file,
 * for the manifest checks and for any test that wants the real Roles or Deployments.
 */
public final class DeployManifests {

    private final Path root;
    private final Map<Path, List<HasMetadata>> byFile;

    private DeployManifests(Path root, Map<Path, List<HasMetadata>> byFile) {
        this.root = root;
        this.byFile = byFile;
    }

    /** The repository's top folder, from the agents module where the tests run. */
    public static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve("deploy"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("no deploy/ folder above " + Path.of("").toAbsolutePath());
        }
        return dir;
    }

    /** Every Kubernetes object in deploy/ (kustomizations and their patches left out: they are not objects). */
    public static DeployManifests load() {
        Path root = repositoryRoot().resolve("deploy");
        Map<Path, List<HasMetadata>> byFile = new LinkedHashMap<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(DeployManifests::isObjectFile).sorted().toList()) {
                try (InputStream in = Files.newInputStream(file)) {
                    byFile.put(root.relativize(file), parse(in));
                } catch (RuntimeException e) {
                    throw new IllegalStateException("cannot parse " + file + ": " + e.getMessage(), e);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new DeployManifests(root, byFile);
    }

    /** The objects of a YAML stream of one or more documents, typed where fabric8 knows the kind. */
    public static List<HasMetadata> parse(InputStream in) {
        Object parsed = new KubernetesSerialization().unmarshal(in);
        if (parsed instanceof HasMetadata single) {
            return List.of(single);
        }
        List<HasMetadata> objects = new ArrayList<>();
        for (Object item : (List<?>) parsed) {
            objects.add((HasMetadata) item);
        }
        return objects;
    }

    /** YAML files of objects: not kustomizations, not the overlays' patches. */
    static boolean isObjectFile(Path file) {
        String name = file.getFileName().toString();
        return (name.endsWith(".yaml") || name.endsWith(".yml")) && !name.startsWith("kustomization")
                && !file.toString().contains("/overlays/");
    }

    public Path root() {
        return root;
    }

    public Map<Path, List<HasMetadata>> byFile() {
        return byFile;
    }

    public List<HasMetadata> all() {
        return byFile.values().stream().flatMap(List::stream).toList();
    }

    /** Objects of one kind, typed. */
    public <T extends HasMetadata> List<T> ofType(Class<T> type) {
        List<T> found = new ArrayList<>();
        all().stream().filter(type::isInstance).map(type::cast).forEach(found::add);
        return found;
    }

    /** Objects of one kind by its name, e.g. KafkaTopic. */
    public List<HasMetadata> ofKind(String kind) {
        return all().stream().filter(o -> kind.equals(o.getKind())).toList();
    }

    /** The object of a kind with a name; fails when there is none. */
    public <T extends HasMetadata> T named(Class<T> type, String name) {
        return ofType(type).stream().filter(o -> name.equals(o.getMetadata().getName())).findFirst()
                .orElseThrow(() -> new IllegalStateException("no " + type.getSimpleName() + " " + name + " in deploy/"));
    }

    /** The Roles bound to a ServiceAccount, through the RoleBindings of deploy/. */
    public RoleChecker rolesOf(String serviceAccount, String namespace) {
        List<Role> roles = new ArrayList<>();
        for (var binding : ofType(io.fabric8.kubernetes.api.model.rbac.RoleBinding.class)) {
            boolean bound = binding.getSubjects().stream().anyMatch(s -> "ServiceAccount".equals(s.getKind())
                    && serviceAccount.equals(s.getName()) && namespace.equals(s.getNamespace()));
            if (bound && "Role".equals(binding.getRoleRef().getKind())) {
                roles.add(ofType(Role.class).stream()
                        .filter(r -> r.getMetadata().getName().equals(binding.getRoleRef().getName())
                                && r.getMetadata().getNamespace().equals(binding.getMetadata().getNamespace()))
                        .findFirst()
                        .orElseThrow(() -> new IllegalStateException("RoleBinding " + binding.getMetadata().getName()
                                + " refers to a Role not in deploy/: " + binding.getRoleRef().getName())));
            }
        }
        return new RoleChecker(roles);
    }
}
