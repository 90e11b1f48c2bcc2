# The probe agent, the cluster observer and the sweep driver: the agent's Java runtime, iperf3 and the shaded agent
# jar. Build from the repository's top after `mvn -DskipTests package`:
#   docker build -f deploy/images/agent.Dockerfile -t ghcr.io/overlaywatch/overlaywatch-agent:0.1.0 .

# The runtime: jlink with the arguments the build uses for agents/target/agent-runtime (the modules the agent needs,
# its JVM options built into java, a CDS archive), so that the image runs what bench agent measured.
FROM eclipse-temurin:17.0.13_11-jdk-noble AS runtime
COPY agents/src/main/jlink/agent-runtime.args /tmp/agent-runtime.args
RUN jlink @/tmp/agent-runtime.args --output /opt/overlaywatch/runtime

# Ubuntu 24.04, the base of the Temurin image above: its iperf3 is 3.16; --no-install-recommends keeps it small.
FROM ubuntu:24.04
RUN apt-get update \
    && apt-get install -y --no-install-recommends iperf3 \
    && rm -rf /var/lib/apt/lists/*
COPY --from=runtime /opt/overlaywatch/runtime /opt/overlaywatch/runtime
COPY agents/target/overlaywatch-agent.jar /opt/overlaywatch/overlaywatch-agent.jar
# `java` is the agent's runtime, also for the sweep Jobs' command.
ENV PATH=/opt/overlaywatch/runtime/bin:$PATH
# The Deployments run as this user with a read-only root filesystem (only /tmp is writable).
USER 10001:10001
ENTRYPOINT ["java", "-jar", "/opt/overlaywatch/overlaywatch-agent.jar"]
