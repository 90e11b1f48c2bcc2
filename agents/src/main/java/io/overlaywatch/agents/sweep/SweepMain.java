package io.overlaywatch.agents.sweep;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.overlaywatch.agents.cli.AgentVersion;
import io.overlaywatch.agents.cli.ErrorHandlers;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;

/** {@code overlaywatch sweep}: the paper's policy and pod sweeps on a Kubernetes cluster. */
@Command(name = "overlaywatch sweep", mixinStandardHelpOptions = true, versionProvider = AgentVersion.class,
        description = {
            "The paper's sweeps on a Kubernetes cluster: creates NetworkPolicies and scales the agents' Deployments "
                    + "(deploy/), commands the client agents through Kafka and marks every step for the Flink job.",
            "Everything it creates carries the run's label and is removed at the end, on Ctrl-C and on failure."},
        subcommands = {SweepPolicyCommand.class, SweepPodCommand.class},
        footer = {"", "Exit codes: 0 every step ran, 1 a step or the sweep failed, 2 bad options."})
public final class SweepMain implements Callable<Integer> {

    /** Opens the Kubernetes client; tests pass the mock server's. */
    @FunctionalInterface
    public interface Connector {
        KubernetesClient connect(String context);
    }

    @Spec
    CommandSpec spec;

    private final Connector connector;
    private final PrintStream out;
    private final PrintStream err;

    SweepMain(Connector connector, PrintStream out, PrintStream err) {
        this.connector = connector;
        this.out = out;
        this.err = err;
    }

    /** The kubeconfig (or the pod's service account), in the named context or the current one. */
    static KubernetesClient connect(String context) {
        return new KubernetesClientBuilder().withConfig(Config.autoConfigure(context)).build();
    }

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "Missing command: policy or pod");
    }

    Connector connector() {
        return connector;
    }

    PrintStream out() {
        return out;
    }

    PrintStream err() {
        return err;
    }

    /** Runs one command against the cluster the connector opens; returns the exit code. */
    public static int run(Connector connector, PrintStream out, PrintStream err, String... args) {
        PrintWriter outWriter = new PrintWriter(out, true, StandardCharsets.UTF_8);
        PrintWriter errWriter = new PrintWriter(err, true, StandardCharsets.UTF_8);
        ErrorHandlers handlers = new ErrorHandlers();
        int code = new CommandLine(new SweepMain(connector, out, err))
                .setParameterExceptionHandler(handlers)
                .setExecutionExceptionHandler(handlers)
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setOut(outWriter).setErr(errWriter)
                .execute(args);
        outWriter.flush();
        errWriter.flush();
        return code;
    }

    public static void main(String[] args) {
        System.exit(run(SweepMain::connect, System.out, System.err, args));
    }
}
