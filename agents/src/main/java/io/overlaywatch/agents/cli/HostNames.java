package io.overlaywatch.agents.cli;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** This host's name: a pod's name in Kubernetes ($HOSTNAME), the machine's name elsewhere. */
final class HostNames {

    private HostNames() {
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
