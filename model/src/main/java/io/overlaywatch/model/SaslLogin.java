package io.overlaywatch.model;

import java.util.List;
import java.util.Locale;

/**
 * The JAAS line a Kafka client logs in with over SASL. Shared by the agent and the job, whose jars share only
 * this module; it names Kafka's login modules as text so that the wire model needs no Kafka classes.
 */
public final class SaslLogin {

    /** The mechanisms the agent and the job can log in with. */
    public static final List<String> MECHANISMS = List.of("SCRAM-SHA-512", "SCRAM-SHA-256", "PLAIN");

    private SaslLogin() {
    }

    /**
     * The {@code sasl.jaas.config} value for the mechanism (upper-cased), user and password.
     *
     * @throws IllegalArgumentException for a mechanism not in {@link #MECHANISMS}
     */
    public static String jaasConfig(String mechanism, String user, String password) {
        String module = switch (mechanism.toUpperCase(Locale.ROOT)) {
            case "SCRAM-SHA-512", "SCRAM-SHA-256" -> "org.apache.kafka.common.security.scram.ScramLoginModule";
            case "PLAIN" -> "org.apache.kafka.common.security.plain.PlainLoginModule";
            default -> throw new IllegalArgumentException("'" + mechanism + "' is not one of "
                    + String.join(", ", MECHANISMS));
        };
        return module + " required username=\"" + quoted(user) + "\" password=\"" + quoted(password) + "\";";
    }

    /** JAAS reads a quoted value with backslash escapes. */
    private static String quoted(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
