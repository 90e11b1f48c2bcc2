package io.overlaywatch.agents.cli;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** This host's name (a pod's name in Kubernetes, $HOSTNAME; the machine's name elsewhere), and a node's. */
final class HostNames {

    private HostNames() {
    }

    /** The node a reading is from: the one given, else $NODE_NAME (the downward API's), else this host's name. */
    static String node(String given) {
        if (given != null) {
            return given;
        }
        String env = System.getenv("NODE_NAME");
        return env != null ? env : local();
    }

    static String local() {
        String env = System.getenv("HOSTNAME");
        if (env != null && !env.isBlank()) {
            return env.trim();
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
