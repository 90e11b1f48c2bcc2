# The Flink throughput job: the official Flink image of the pinned Flink version with the job jar where the
# FlinkDeployment's jarURI (local:///opt/flink/usrlib/overlaywatch-jobs.jar) expects it. Build from the top after
# `mvn -DskipTests package`:
#   docker build -f deploy/images/job.Dockerfile -t ghcr.io/overlaywatch/overlaywatch-job:0.1.0 .
FROM flink:2.2.1-java17
COPY --chown=flink:flink jobs/target/overlaywatch-jobs.jar /opt/flink/usrlib/overlaywatch-jobs.jar
