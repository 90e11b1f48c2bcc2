package io.overlaywatch.lab.sweep;

import io.overlaywatch.lab.net.Encapsulation;
import io.overlaywatch.lab.net.IpipFallback;
import io.overlaywatch.lab.net.PolicyProfile;
import io.overlaywatch.model.Protocol;
import io.overlaywatch.model.Scenario;

import java.time.Duration;
import java.util.List;

/**
 * What one lab sweep measures.
 *
 * @param scenario       policy sweep (policy counts grow, one pair) or pod sweep (pairs grow)
 * @param profiles       datapaths to measure, one after another
 * @param points         policy counts (policy sweep) or concurrent pairs (pod sweep), in order
 * @param policies       policies in force during a pod sweep
 * @param protocols      TCP, UDP or both
 * @param repetitions    repetitions of every step
 * @param durationSeconds length of each iperf3 test
 * @param omitSeconds    warm-up seconds iperf3 leaves out ({@code -O})
 * @param udpLength      UDP datagram size ({@code -l})
 * @param udpBitrate     UDP target bitrate ({@code -b}); 0 for as fast as the sender can
 * @param congestion     TCP congestion control ({@code -C}), recorded in every sample
 * @param affinity       CPU pinning ({@code -A}), recorded in every sample; null for none
 * @param encapsulation  encapsulation override, null for each profile's own
 * @param lowerMtu       whether pods get the tunnel's MTU (else packets fragment, as the paper saw)
 * @param ipipFallback   what to do when IP-in-IP is asked and the kernel lacks it
 * @param stopOnFailure  stop the sweep at the first failed step, instead of recording it and going on
 */
public record SweepSettings(Scenario scenario, List<PolicyProfile> profiles, List<Integer> points, int policies,
                            List<Protocol> protocols, int repetitions, int durationSeconds, int omitSeconds,
                            String udpLength, String udpBitrate, String congestion, String affinity,
                            Encapsulation encapsulation, boolean lowerMtu, IpipFallback ipipFallback,
                            boolean stopOnFailure) {

    /** Number of steps the sweep runs. */
    public int stepCount() {
        return profiles.size() * points.size() * protocols.size() * repetitions;
    }

    /** Pairs the topology must have: the largest point of a pod sweep, else one. */
    public int pairs() {
        return scenario == Scenario.POD ? points.stream().mapToInt(Integer::intValue).max().orElse(1) : 1;
    }

    /** A rough duration for the progress line and the start message. */
    public Duration estimate() {
        return Duration.ofSeconds((long) stepCount() * (durationSeconds + omitSeconds + 2));
    }
}
