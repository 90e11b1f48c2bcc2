package io.overlaywatch.agents.sweep;

import io.overlaywatch.model.Protocol;
import io.overlaywatch.model.Scenario;

import java.time.Duration;
import java.util.List;

/**
 * What one sweep on a cluster measures and where.
 *
 * @param scenario         policy sweep (policy counts grow, one pair) or pod sweep (pairs grow)
 * @param run              the run id; every object the sweep creates carries it
 * @param cni              the CNI measured, for the records' tags
 * @param namespace        the bench namespace, where the agents run and the policies go
 * @param clientDeployment the client agents' Deployment
 * @param serverDeployment the server agents' Deployment
 * @param points           policy counts (policy sweep) or pod pairs (pod sweep), in order
 * @param policies         policies in force during a pod sweep
 * @param protocols        TCP, UDP or both
 * @param repetitions      repetitions of every step
 * @param durationSeconds  length of each iperf3 test
 * @param omitSeconds      warm-up seconds iperf3 leaves out
 * @param streams          parallel streams per client
 * @param udpBitrate       UDP target bits/s, 0 for unlimited
 * @param settle           time for the CNI to program a changed policy set, when no counter tells
 * @param startLead        how far ahead of its command a step starts, so that every client has it in time
 * @param ackGrace         how long after a test's planned end the clients' answers may take
 * @param readyTimeout     how long scaled pods may take to become ready
 * @param stopOnFailure    stop at the first failed step instead of recording it and going on
 */
public record ClusterSweepSettings(Scenario scenario, String run, String cni, String namespace,
                                   String clientDeployment, String serverDeployment, List<Integer> points,
                                   int policies, List<Protocol> protocols, int repetitions, int durationSeconds,
                                   int omitSeconds, int streams, long udpBitrate, Duration settle, Duration startLead,
                                   Duration ackGrace, Duration readyTimeout, boolean stopOnFailure) {

    public ClusterSweepSettings {
        points = List.copyOf(points);
        protocols = List.copyOf(protocols);
    }

    /** Steps the sweep runs. */
    public int stepCount() {
        return points.size() * protocols.size() * repetitions;
    }

    /** Policies in force at a point. */
    public int policiesAt(int point) {
        return scenario == Scenario.POLICY ? point : policies;
    }

    /** Pod pairs at a point. */
    public int pairsAt(int point) {
        return scenario == Scenario.POD ? point : 1;
    }
}
