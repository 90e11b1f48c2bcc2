package io.overlaywatch.jobs;

import org.apache.flink.configuration.Configuration;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.errors.AuthenticationException;

import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Checks at start that a Kafka broker answers with the configured address and credentials. */
public final class KafkaPreflight {

    private KafkaPreflight() {
    }

    /** Returns when a broker answered; else the exception names the key to look at and what went wrong. */
    public static void check(Configuration conf) throws JobConfig.InvalidConfigException, InterruptedException {
        String servers = conf.get(JobOptions.BOOTSTRAP_SERVERS);
        Duration timeout = conf.get(JobOptions.KAFKA_STARTUP_TIMEOUT);
        Properties props = KafkaSecurity.properties(conf);
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, servers);
        props.put(AdminClientConfig.CLIENT_ID_CONFIG, "overlaywatch-job-preflight");
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        try (Admin admin = Admin.create(props)) {
            admin.describeCluster().clusterId().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw noAnswer(servers, timeout);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof org.apache.kafka.common.errors.TimeoutException) {
                throw noAnswer(servers, timeout);
            }
            if (cause instanceof AuthenticationException) {
                throw new JobConfig.InvalidConfigException("Kafka at " + servers + " refused the login of "
                        + JobOptions.SASL_USERNAME.key() + " '" + conf.get(JobOptions.SASL_USERNAME) + "' (check the password in "
                        + JobOptions.SASL_PASSWORD_FILE.key() + " or " + JobOptions.KAFKA_PASSWORD_ENV + ", and "
                        + JobOptions.SASL_MECHANISM.key() + "): " + cause.getMessage());
            }
            throw new JobConfig.InvalidConfigException(JobOptions.BOOTSTRAP_SERVERS.key() + ": Kafka at " + servers
                    + " did not answer: " + cause);
        } catch (org.apache.kafka.common.KafkaException e) {
            throw new JobConfig.InvalidConfigException("bad Kafka setting: " + e.getMessage()
                    + (e.getCause() == null ? "" : " (" + e.getCause().getMessage() + ")"));
        }
    }

    private static JobConfig.InvalidConfigException noAnswer(String servers, Duration timeout) {
        return new JobConfig.InvalidConfigException(JobOptions.BOOTSTRAP_SERVERS.key() + ": no Kafka broker answered at "
                + servers + " within " + timeout.toMillis() + " ms (" + JobOptions.KAFKA_STARTUP_TIMEOUT.key() + ")");
    }
}
