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
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/opt/overlaywatch/overlaywatch-agent.jar"]
