package io.overlaywatch.agents.counters;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * Turns a Prometheus metrics page into readings: one per sample of the chosen families, named as printed
 * ({@code cilium_drop_count_total}, {@code felix_int_dataplane_apply_time_seconds_sum}) with its labels, so a
 * histogram's buckets keep their {@code le} and a summary's quantiles their {@code quantile}.
 */
public final class PrometheusCounterParser implements CounterParser {

    /** Calico felix (:9091): rules and chains programmed, policies in force, and how long applying them took. */
    public static final Set<String> FELIX_FAMILIES = Set.of(
            "felix_iptables_rules", "felix_iptables_chains", "felix_ipsets_total",
            "felix_active_local_policies", "felix_cluster_num_policies",
            "felix_int_dataplane_apply_time_seconds");

    /** Cilium agent (:9962): policies, drops by reason, forwarded traffic, BPF map fill and policy delay. */
    public static final Set<String> CILIUM_FAMILIES = Set.of(
            "cilium_policy", "cilium_policy_max_revision", "cilium_policy_implementation_delay",
            "cilium_drop_count_total", "cilium_drop_bytes_total",
            "cilium_forward_count_total", "cilium_forward_bytes_total",
            "cilium_bpf_map_pressure");

    private final Set<String> families;

    private PrometheusCounterParser(Set<String> families) {
        this.families = families;
    }

    /** Keeps every sample of the page. */
    public static PrometheusCounterParser all() {
        return new PrometheusCounterParser(null);
    }

    /** Keeps the samples of the named families (for a histogram: its buckets, sum and count). */
    public static PrometheusCounterParser families(Collection<String> families) {
        return new PrometheusCounterParser(Set.copyOf(families));
    }

    /** Keeps {@link #FELIX_FAMILIES}. */
    public static PrometheusCounterParser felix() {
        return families(FELIX_FAMILIES);
    }

    /** Keeps {@link #CILIUM_FAMILIES}. */
    public static PrometheusCounterParser cilium() {
        return families(CILIUM_FAMILIES);
    }

    @Override
    public Parsed parse(String text) {
        Exposition page = PrometheusTextParser.parse(text);
        List<Reading> readings = new ArrayList<>();
        for (PrometheusSample sample : page.samples()) {
            if (families == null || families.contains(sample.family())) {
                readings.add(new Reading(sample.name(), sample.labels(), sample.value(), sample.timestamp()));
            }
        }
        return new Parsed(readings, page.problems());
    }
}
