package io.overlaywatch.lab.report;

/** The paper's two sweeps: what varies, and which throughput is compared. */
public enum SweepKind {
    /** Per-stream throughput against the number of policies (the paper's Fig. 4). */
    POLICY("policy", "policies"),
    /** Throughput summed over concurrent pairs against the number of pairs (the paper's Fig. 5). */
    POD("pod", "pods");

    private final String label;
    private final String unit;

    SweepKind(String label, String unit) {
        this.label = label;
        this.unit = unit;
    }

    /** The sweep a scenario belongs to; {@code live} is no sweep and gives null. */
    public static SweepKind of(String scenario) {
        return switch (scenario) {
            case "pod" -> POD;
            // The demo steps through policy counts too.
            case "policy", "demo" -> POLICY;
            default -> null;
        };
    }

    /** The swept value of a step. */
    public int x(StepId id) {
        return this == POD ? id.pods() : id.policies();
    }

    /** The throughput a step contributes, bit/s. */
    public double throughput(StepRow row) {
        return this == POD ? row.cumulativeMeanBps() : row.meanBps();
    }

    public String label() {
        return label;
    }

    /** What the x value counts: "policies" or "pods". */
    public String unit() {
        return unit;
    }
}
