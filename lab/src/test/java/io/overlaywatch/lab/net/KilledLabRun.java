package io.overlaywatch.lab.net;

import io.overlaywatch.model.Protocol;

/** A lab run to be killed with SIGKILL by {@link LabCleanupITCase}: builds a topology, starts an iperf3 server, waits. */
public final class KilledLabRun {

    private KilledLabRun() {
    }

    public static void main(String[] args) throws Exception {
        LabTopology lab = LabTopology.create(new TopologySpec(args[0], Integer.parseInt(args[1]), Encapsulation.VXLAN, true,
                IpipFallback.STOP));
        lab.applyPolicies(PolicyProfile.LINEAR, 100, Protocol.TCP, 5201);
        // Left running in a pod namespace: the cleanup must stop it too.
        new NetProbes.Server(lab.serverNamespace(0), lab.serverAddress(0), 5201);
        System.out.println("READY");
        System.out.flush();
        System.in.read();
    }
}
