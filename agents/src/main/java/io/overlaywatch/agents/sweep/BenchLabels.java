package io.overlaywatch.agents.sweep;

import java.util.Map;
import java.util.regex.Pattern;

/** The labels that tie the experiment together: pods by role, and everything a sweep creates by its run. */
public final class BenchLabels {

    /** Client or server: the policies select on it, and deploy/ puts it on the agents' pods. */
    public static final String ROLE = "overlaywatch.io/role";
    public static final String CLIENT = "client";
    public static final String SERVER = "server";
    /** The run that created an object; cleanup deletes by it. */
    public static final String RUN = "overlaywatch.io/run";
    public static final String PART_OF = "app.kubernetes.io/part-of";
    public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
    public static final String DRIVER = "overlaywatch-sweep";
    /** The port the iperf3 servers listen on, allowed by the last policy of every set. */
    public static final int TRAFFIC_PORT = 5201;

    // A label value: at most 63 characters; a run id also becomes part of object names, so lower case only.
    private static final Pattern RUN_ID = Pattern.compile("[a-z0-9]([-a-z0-9]{0,38}[a-z0-9])?");

    private BenchLabels() {
    }

    /** The labels of every object a run creates. */
    public static Map<String, String> ofRun(String run) {
        return Map.of(PART_OF, "overlaywatch", MANAGED_BY, DRIVER, RUN, run);
    }

    /** Selects the agents' pods of one role. */
    public static Map<String, String> role(String role) {
        return Map.of(ROLE, role);
    }

    /** Whether the id can name Kubernetes objects and be a label value. */
    public static boolean isValidRunId(String run) {
        return run != null && RUN_ID.matcher(run).matches();
    }

    /** What a run id must look like, for error messages. */
    public static String runIdRule() {
        return "lower-case letters, digits and '-', at most 40 characters, starting and ending with a letter or digit";
    }
}
