package io.overlaywatch.agents.sweep;

import io.overlaywatch.model.Scenario;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.util.List;
import java.util.concurrent.Callable;

/** The paper's pod sweep on a cluster: cumulative throughput as concurrent client/server pairs grow. */
@Command(name = "pod", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Pod scalability: scales the client and server Deployments to N pods each, waits until all are ready, "
                    + "and starts every pair together with one command; the cumulative throughput is compared with "
                    + "one pair's."})
public class SweepPodCommand implements Callable<Integer> {

    /** Enough for the paper's 40 pairs and more; a typo such as 400 should not ask the cluster for 800 pods. */
    static final int MAX_PODS = 200;

    @ParentCommand
    SweepMain main;

    @Option(names = "--pods", split = ",", paramLabel = "N,N,...", defaultValue = "1,2,4,8,16,40",
            description = "Concurrent client/server pairs, in order; the paper's (default: ${DEFAULT-VALUE}).")
    List<Integer> pods;

    @Option(names = "--policies", paramLabel = "N", defaultValue = "1",
            description = "Policies in force for every step, the last admitting the traffic (default: ${DEFAULT-VALUE}).")
    int policies;

    @Mixin
    ClusterSweepOptions options;

    @Override
    public Integer call() throws Exception {
        for (int n : pods) {
            if (n < 1 || n > MAX_PODS) {
                throw options.fail("--pods", "each count must be 1-" + MAX_PODS + ", was " + n);
            }
        }
        if (policies < 0 || policies > PaperPolicies.MAX_POLICIES) {
            throw options.fail("--policies", "must be 0-" + PaperPolicies.MAX_POLICIES + ", was " + policies);
        }
        return options.execute(options.settings(Scenario.POD, pods, policies), main);
    }
}
