package io.overlaywatch.lab;

import io.overlaywatch.lab.net.PolicyProfile;
import io.overlaywatch.model.Scenario;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.List;
import java.util.concurrent.Callable;

/** The paper's policy sweep in network namespaces: throughput between two pods as policies grow. */
@Command(name = "policy", mixinStandardHelpOptions = true,
        description = {
            "Policy scalability: throughput between one client pod and one server pod on two lab nodes as the "
                    + "number of policies grows, for each profile.",
            "Traffic matches only the last policy, as in the paper. Needs root (network namespaces). Prints a "
                    + "table; writes CSV, a plot and a summary."})
public class LabPolicyCommand implements Callable<Integer> {

    @Option(names = "--counts", split = ",", paramLabel = "N,N,...", defaultValue = "1,10,100,1000,5000,10000",
            description = "Policy counts, in order (default: ${DEFAULT-VALUE}).")
    List<Integer> counts;

    @Option(names = "--profiles", split = ",", paramLabel = "P,P,...", defaultValue = "linear,linear-ct,hashed",
            converter = SweepOptions.ProfileConverter.class,
            description = "Datapaths: none, linear, linear-ct, hashed (default: ${DEFAULT-VALUE}).")
    List<PolicyProfile> profiles;

    @Option(names = "--affinity", paramLabel = "N,M", defaultValue = "0,0",
            description = "CPU pinning of client and server, iperf3 -A; 'none' to leave them unpinned (default: ${DEFAULT-VALUE}).")
    String affinity;

    @Mixin
    SweepOptions options;

    @Override
    public Integer call() throws Exception {
        return options.runOnce("policy", options.settings(Scenario.POLICY, profiles, counts, 0,
                "none".equals(affinity) ? null : affinity));
    }
}
