package io.overlaywatch.lab.report;

/**
 * One line of a sweep chart: a profile and protocol in one sweep.
 *
 * @param kind     which sweep
 * @param scenario the scenario tag the steps carried
 * @param profile  the CNI or lab profile
 * @param protocol tcp or udp
 * @param fixed    the dimension held still: pods in a policy sweep, policies in a pod sweep
 */
public record SweepSeries(SweepKind kind, String scenario, String profile, String protocol, int fixed) {

    static SweepSeries of(SweepKind kind, StepId id) {
        return new SweepSeries(kind, id.scenario(), id.profile(), id.protocol(),
                kind == SweepKind.POD ? id.policies() : id.pods());
    }

    /** "linear (tcp)". */
    public String label() {
        return profile + " (" + protocol + ")";
    }
}
