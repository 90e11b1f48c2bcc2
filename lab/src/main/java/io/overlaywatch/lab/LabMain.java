package io.overlaywatch.lab;

import picocli.CommandLine.Command;

/** Entry point of the one-machine runner: {@code overlaywatch demo}. */
@Command(name = "overlaywatch", mixinStandardHelpOptions = true, version = "overlaywatch 0.1.0",
        subcommands = {DemoCommand.class, LabCommand.class},
        description = "Runs overlaywatch's pipeline on one machine.")
public class LabMain {

    static {
        // Kafka's broker kit ships a log4j2.yaml that log4j would prefer to ours: name ours explicitly.
        if (System.getProperty("log4j2.configurationFile") == null) {
            System.setProperty("log4j2.configurationFile", "overlaywatch-lab-log4j2.xml");
        }
    }

    public static void main(String[] args) {
        System.exit(ExplainedErrors.commandLine(new LabMain()).execute(args));
    }
}
