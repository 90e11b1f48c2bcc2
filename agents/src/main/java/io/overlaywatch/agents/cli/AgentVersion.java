package io.overlaywatch.agents.cli;

import picocli.CommandLine;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The agent's version, from the resource Maven filters at build time. */
public final class AgentVersion implements CommandLine.IVersionProvider {

    /** The project version, {@code unknown} when run from unfiltered sources. */
    public static String version() {
        Properties properties = new Properties();
        try (InputStream in = AgentVersion.class.getResourceAsStream("/io/overlaywatch/agents/version.properties")) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            // Fall through to unknown: a version line must never stop the agent.
        }
        String version = properties.getProperty("version", "unknown");
        return version.startsWith("${") ? "unknown" : version;
    }

    @Override
    public String[] getVersion() {
        return new String[] {
            "overlaywatch-agent " + version(),
            "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")"
        };
    }
}
