package io.overlaywatch.lab.net;

import io.overlaywatch.model.Protocol;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The rendered iptables-restore and nft inputs. */
class PolicyRulesTest {

    private static final List<String> PODS = List.of("ow-abc123-s0", "ow-abc123-s1");

    @Test
    void shouldGiveEveryPolicyItsOwnPortWithTheTrafficPortOnlyLast() {
        int[] ports = PolicyRules.ports(10_000, 5201);
        assertThat(Arrays.stream(ports).distinct().count()).isEqualTo(10_000);
        assertThat(ports[9_999]).isEqualTo(5201);
        assertThat(Arrays.stream(ports, 0, 9_999)).doesNotContain(5201).allMatch(p -> p >= 1024 && p <= 65535);
        assertThat(PolicyRules.ports(1, 80)).containsExactly(80);
        assertThat(PolicyRules.ports(PolicyRules.MAX_POLICIES, 65535)).doesNotHaveDuplicates();
    }

    @Test
    void shouldRefuseCountsThatCannotHaveDistinctPorts() {
        assertThatThrownBy(() -> PolicyRules.ports(0, 5201)).hasMessageContaining("policies must be 1..");
        assertThatThrownBy(() -> PolicyRules.ports(PolicyRules.MAX_POLICIES + 1, 5201)).hasMessageContaining("policies must be");
        assertThatThrownBy(() -> PolicyRules.ports(1, 0)).hasMessageContaining("traffic port");
    }

    @Test
    void shouldWalkAPerPodChainInOrderAndDropTheRest() {
        String rules = PolicyRules.iptablesRestore(PolicyProfile.LINEAR, PODS, 3, Protocol.TCP, 5201);
        assertThat(rules).isEqualTo("""
                *filter
                :INPUT ACCEPT [0:0]
                :FORWARD ACCEPT [0:0]
                :OUTPUT ACCEPT [0:0]
                :to-ow-abc123-s0 - [0:0]
                :to-ow-abc123-s1 - [0:0]
                -A FORWARD -o ow-abc123-s0 -j to-ow-abc123-s0
                -A FORWARD -o ow-abc123-s1 -j to-ow-abc123-s1
                -A to-ow-abc123-s0 -p tcp -m tcp --dport 1024 -j ACCEPT
                -A to-ow-abc123-s0 -p tcp -m tcp --dport 1025 -j ACCEPT
                -A to-ow-abc123-s0 -p tcp -m tcp --dport 5201 -j ACCEPT
                -A to-ow-abc123-s0 -j DROP
                -A to-ow-abc123-s1 -p tcp -m tcp --dport 1024 -j ACCEPT
                -A to-ow-abc123-s1 -p tcp -m tcp --dport 1025 -j ACCEPT
                -A to-ow-abc123-s1 -p tcp -m tcp --dport 5201 -j ACCEPT
                -A to-ow-abc123-s1 -j DROP
                COMMIT
                """);
        assertThat(rules.lines().filter(l -> l.startsWith("-A")).count())
                .isEqualTo(PolicyRules.iptablesRuleCount(PolicyProfile.LINEAR, 2, 3, Protocol.TCP));
    }

    @Test
    void shouldAcceptEstablishedFlowsFirstInTheCalicoShapeAndLetIperfControlThroughForUdp() {
        String rules = PolicyRules.iptablesRestore(PolicyProfile.LINEAR_CT, PODS.subList(0, 1), 2, Protocol.UDP, 5201);
        List<String> chain = rules.lines().filter(l -> l.startsWith("-A to-")).toList();
        assertThat(chain).containsExactly(
                "-A to-ow-abc123-s0 -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT",
                "-A to-ow-abc123-s0 -p tcp -m tcp --dport 5201 -j ACCEPT",
                "-A to-ow-abc123-s0 -p udp -m udp --dport 1024 -j ACCEPT",
                "-A to-ow-abc123-s0 -p udp -m udp --dport 5201 -j ACCEPT",
                "-A to-ow-abc123-s0 -j DROP");
        assertThat(rules.lines().filter(l -> l.startsWith("-A")).count())
                .isEqualTo(PolicyRules.iptablesRuleCount(PolicyProfile.LINEAR_CT, 1, 2, Protocol.UDP));
    }

    @Test
    void shouldReplaceTheNftTableAtomicallyWithOneSetLookupPerPod() {
        String script = PolicyRules.nftScript(PODS, 3, Protocol.TCP, 5201);
        assertThat(script).startsWith("table ip overlaywatch\ndelete table ip overlaywatch\ntable ip overlaywatch {\n")
                .contains("oifname vmap { \"ow-abc123-s0\" : jump pod_0, \"ow-abc123-s1\" : jump pod_1 }")
                .contains("tcp dport @ports_0 accept\n\t\tdrop\n")
                .contains("1024, 1025, 5201\n");
        assertThat(PolicyRules.nftRuleCount(2, Protocol.TCP)).isEqualTo(5);
    }
}
