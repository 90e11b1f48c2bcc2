package io.overlaywatch.lab.bench;

import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

/** {@code bench agent}: placeholder. */
@Command(name = "agent", mixinStandardHelpOptions = true)
public final class AgentBenchCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        return 0;
    }
}
