# The probe agent and the sweep driver: a JRE, iperf3 and the shaded agent jar. Build from the repository's top
# after `mvn -DskipTests package`:
#   docker build -f deploy/images/agent.Dockerfile -t ghcr.io/overlaywatch/overlaywatch-agent:0.1.0 .
FROM eclipse-temurin:17.0.13_11-jre-noble
# Ubuntu 24.04's iperf3 is 3.16; --no-install-recommends keeps the image small.
RUN apt-get update \
    && apt-get install -y --no-install-recommends iperf3 \
    && rm -rf /var/lib/apt/lists/*
COPY agents/target/overlaywatch-agent.jar /opt/overlaywatch/overlaywatch-agent.jar
# The Deployments run as this user with a read-only root filesystem (only /tmp is writable).
USER 10001:10001
# The agent's JVM options, the same in ./overlaywatch and bench agent: serial GC, C1 only and compiling only what
# runs often, a small young generation keep its RSS low (BENCHMARKS.md, bench agent). -Xmx64m is a cap, not what is
# used: during a Kafka outage with the 10,000-record buffer full the heap held 16 MB.
ENTRYPOINT ["java", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-XX:CICompilerCount=1", \
            "-XX:CompileThresholdScaling=5", "-Xms8m", "-Xmn2m", "-Xmx64m", \
            "-jar", "/opt/overlaywatch/overlaywatch-agent.jar"]
