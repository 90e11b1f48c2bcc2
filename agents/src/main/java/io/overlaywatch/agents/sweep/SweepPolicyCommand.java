package io.overlaywatch.agents.sweep;

import io.overlaywatch.model.Scenario;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.util.List;
import java.util.concurrent.Callable;

/** The paper's policy sweep on a cluster: one client/server pair as the namespace's NetworkPolicies grow. */
@Command(name = "policy", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Policy scalability: throughput of one client/server pair as the NetworkPolicies on the server pod grow.",
            "Policy i admits the client pods on port 10000+i; the last admits the traffic's port 5201, as in the "
                    + "paper. Each count is reached by applying only the policies that change (create, or update "
                    + "what exists)."})
public class SweepPolicyCommand implements Callable<Integer> {

    @ParentCommand
    SweepMain main;

    @Option(names = "--counts", split = ",", paramLabel = "N,N,...", defaultValue = "1,10,100,1000,5000,10000",
            description = "Policy counts, in order; the paper's (default: ${DEFAULT-VALUE}).")
    List<Integer> counts;

    @Mixin
    ClusterSweepOptions options;

    @Override
    public Integer call() throws Exception {
        for (int count : counts) {
            if (count < 0 || count > PaperPolicies.MAX_POLICIES) {
                throw options.fail("--counts", "each count must be 0-" + PaperPolicies.MAX_POLICIES + ", was " + count);
            }
        }
        return options.execute(options.settings(Scenario.POLICY, counts, 0), main);
    }
}
