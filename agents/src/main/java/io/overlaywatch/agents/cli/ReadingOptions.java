package io.overlaywatch.agents.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** Where counter readings come from and whose they are: the node they are read on, the run they belong to. */
public class ReadingOptions {

    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    @Option(names = "--node", paramLabel = "NAME", order = 1,
            description = "Node the readings are from (default: $NODE_NAME, else this host's name).")
    String node;

    @Option(names = "--run", paramLabel = "ID", defaultValue = "live", order = 2,
            description = "Run the readings belong to; for live monitoring the live agents' --run, so that the job "
                    + "puts the readings next to their steps (default: ${DEFAULT-VALUE}).")
    String run;

    /** The node, checked: the one given, else $NODE_NAME, else this host's name. */
    String node() {
        String name = HostNames.node(node);
        if (name.isBlank()) {
            throw fail("--node");
        }
        return name;
    }

    /** The run, checked. */
    String run() {
        if (run.isBlank()) {
            throw fail("--run");
        }
        return run;
    }

    private ParameterException fail(String option) {
        return new ParameterException(mixee.commandLine(), "Invalid value for option '" + option
                + "': must not be blank");
    }
}
