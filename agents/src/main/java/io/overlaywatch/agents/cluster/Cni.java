package io.overlaywatch.agents.cluster;

import java.util.Objects;

/**
 * The CNI a cluster runs.
 *
 * @param name    {@code cilium}, {@code calico}, {@code flannel}, {@code weave} or {@code unknown}
 * @param version the tag of its agent's image, e.g. {@code v1.15.3}; null when the image has no tag
 */
public record Cni(String name, String version) {

    public static final Cni UNKNOWN = new Cni("unknown", null);

    public Cni {
        Objects.requireNonNull(name, "name");
    }

    /** The samples' {@code cni}: the name and the version, e.g. {@code cilium-v1.15.3}, so an upgrade starts new series. */
    public String tag() {
        return version == null ? name : name + "-" + version;
    }
}
