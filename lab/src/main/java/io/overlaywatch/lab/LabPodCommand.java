package io.overlaywatch.lab;

import io.overlaywatch.lab.net.PolicyProfile;
import io.overlaywatch.model.Scenario;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.List;
import java.util.concurrent.Callable;

/** The paper's pod sweep in network namespaces: cumulative throughput as concurrent pod pairs grow. */
@Command(name = "pod", mixinStandardHelpOptions = true,
        description = {
            "Pod scalability: cumulative throughput of N concurrent client/server pod pairs, clients on one lab "
                    + "node and servers on the other, all started together, against the expected throughput of one "
                    + "pair.",
            "Needs root (network namespaces). Prints a table; writes CSV, a plot and a summary."})
public class LabPodCommand implements Callable<Integer> {

    @Option(names = "--pairs", split = ",", paramLabel = "N,N,...", defaultValue = "1,2,4,8,16,40",
            description = "Concurrent pod pairs, in order (default: ${DEFAULT-VALUE}).")
    List<Integer> pairs;

    @Option(names = "--profiles", split = ",", paramLabel = "P,P,...", defaultValue = "linear-ct,hashed",
            converter = SweepOptions.ProfileConverter.class,
            description = "Datapaths: none, linear, linear-ct, hashed (default: ${DEFAULT-VALUE}).")
    List<PolicyProfile> profiles;

    @Option(names = "--policies", paramLabel = "N", defaultValue = "1",
            description = "Policies in force for every pair (default: ${DEFAULT-VALUE}).")
    int policies;

    @Mixin
    SweepOptions options;

    @Override
    public Integer call() throws Exception {
        // Unpinned: pinning 40 pairs to the same cores would measure the pinning.
        return options.runOnce("pod", options.settings(Scenario.POD, profiles, pairs, policies, null));
    }
}
