package io.overlaywatch.agents.cli;

import io.overlaywatch.agents.iperf3.Iperf3Event;
import io.overlaywatch.agents.iperf3.Iperf3Failure;
import io.overlaywatch.agents.iperf3.Iperf3Interval;
import io.overlaywatch.agents.iperf3.Iperf3OutputParser;
import io.overlaywatch.agents.iperf3.Iperf3Parsers;
import io.overlaywatch.agents.probe.ProbeLabels;
import io.overlaywatch.agents.sink.PrintRecordSink;
import io.overlaywatch.model.Protocol;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code parse}: iperf3 output in any format to sample records, one JSON line per interval per stream. */
@Command(name = "parse", mixinStandardHelpOptions = true, versionProvider = AgentVersion.class,
        sortOptions = false,
        description = {
            "Prints saved iperf3 output as sample records, one JSON line per interval per stream.",
            "Reads text output of any version, -J JSON or --json-stream, from FILE or stdin. Failures iperf3 "
                    + "reported, or output cut short, go to stderr and exit 1."})
public final class ParseCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "FILE",
            description = "iperf3 output to read; stdin when absent or '-'.")
    String file;

    @Mixin
    LabelOptions labels;

    @Override
    public Integer call() throws IOException {
        ProbeLabels probeLabels = labels.labels("parse", Protocol.TCP, null, null);
        Iperf3OutputParser parser = Iperf3Parsers.autodetect(System::currentTimeMillis, ZoneId.systemDefault());
        PrintWriter err = spec.commandLine().getErr();
        int[] counts = new int[2];
        try (BufferedReader in = open(); PrintRecordSink out = new PrintRecordSink(spec.commandLine().getOut())) {
            String line;
            while ((line = in.readLine()) != null) {
                emit(parser.feed(line), probeLabels, out, err, counts);
            }
            emit(parser.finish(), probeLabels, out, err, counts);
        }
        int samples = counts[0];
        int failures = counts[1];
        if (samples == 0 && failures == 0) {
            // Silence would look like success: say that the input held nothing to replay.
            err.println("no iperf3 interval found in " + (file == null || file.equals("-") ? "stdin" : file));
            failures = 1;
        }
        err.flush();
        return failures == 0 ? 0 : ErrorHandlers.EXIT_FAILED;
    }

    private BufferedReader open() throws IOException {
        if (file == null || file.equals("-")) {
            return new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        }
        try {
            return Files.newBufferedReader(Path.of(file), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new ParameterException(spec.commandLine(), "Invalid value for positional parameter 'FILE': no such file " + file);
        }
    }

    /** Prints samples and failures; counts them in {@code counts} as [samples, failures]. */
    private static void emit(List<Iperf3Event> events, ProbeLabels labels, PrintRecordSink out, PrintWriter err,
                             int[] counts) {
        for (Iperf3Event event : events) {
            if (event instanceof Iperf3Interval interval) {
                out.send(labels.toSample(interval));
                counts[0]++;
            } else if (event instanceof Iperf3Failure failure) {
                counts[1]++;
                err.println("iperf3 test " + failure.test() + ": " + failure.message());
            }
        }
    }
}
