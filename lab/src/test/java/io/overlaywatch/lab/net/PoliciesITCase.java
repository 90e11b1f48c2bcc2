package io.overlaywatch.lab.net;

import io.overlaywatch.model.Protocol;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

import static io.overlaywatch.lab.net.NetProbes.Connect.REFUSED;
import static io.overlaywatch.lab.net.NetProbes.Connect.TIMED_OUT;
import static org.assertj.core.api.Assertions.assertThat;

/** Policy rules loaded into node B of a real topology, with traffic through them. */
class PoliciesITCase {

    private static final int PORT = 5201;
    private static final int OTHER_PORT = 9;
    private static final Duration DROP_WAIT = Duration.ofMillis(700);
    private static final Pattern NUMBER = Pattern.compile("\\b\\d+\\b");

    private static LabTopology lab;

    @BeforeAll
    static void createTopology() {
        NetProbes.assumeLabCanRun();
        lab = LabTopology.create(TopologySpec.of(1, Encapsulation.NONE));
    }

    @AfterAll
    static void closeTopology() {
        if (lab != null) {
            lab.close();
        }
    }

    @BeforeEach
    void noRules() {
        lab.applyPolicies(PolicyProfile.NONE, 0, Protocol.TCP, PORT);
    }

    @Test
    void shouldLoadTenThousandLinearRulesInOneCallAndStillPassTheTrafficOfTheLast() throws IOException {
        assertThat(connectToOtherPort()).as("without rules").isEqualTo(REFUSED);

        AppliedPolicies applied = lab.applyPolicies(PolicyProfile.LINEAR, 10_000, Protocol.TCP, PORT);

        List<String> rules = iptablesRules();
        assertThat(applied.rules()).isEqualTo(10_002).isEqualTo(rules.size());
        assertThat(applied.loadMillis()).isLessThan(10_000);
        String chain = PolicyRules.chain(lab.serverVeth(0));
        List<String> chainRules = rules.stream().filter(r -> r.startsWith("-A " + chain + " ")).toList();
        assertThat(chainRules).hasSize(10_001);
        assertThat(chainRules.get(9_999)).contains("--dport " + PORT + " -j ACCEPT");
        assertThat(chainRules.subList(0, 9_999)).noneMatch(r -> r.contains("--dport " + PORT + " "));
        assertThat(chainRules.get(10_000)).endsWith("-j DROP");

        assertThat(tcpThroughput()).isPositive();
        assertThat(connectToOtherPort()).as("a port no policy allows").isEqualTo(TIMED_OUT);
    }

    @Test
    void shouldPutTheConntrackAcceptFirstInTheCalicoShape() throws IOException {
        AppliedPolicies applied = lab.applyPolicies(PolicyProfile.LINEAR_CT, 10_000, Protocol.TCP, PORT);

        List<String> chainRules = iptablesRules().stream().filter(r -> r.startsWith("-A to-")).toList();
        assertThat(applied.rules()).isEqualTo(10_003);
        assertThat(chainRules.get(0)).contains("--ctstate RELATED,ESTABLISHED -j ACCEPT");
        assertThat(tcpThroughput()).isPositive();
        assertThat(connectToOtherPort()).isEqualTo(TIMED_OUT);
    }

    @Test
    void shouldMatchTenThousandPortsWithOneSetLookupAndReplaceTheIptablesRules() throws IOException {
        lab.applyPolicies(PolicyProfile.LINEAR, 10, Protocol.TCP, PORT);

        AppliedPolicies applied = lab.applyPolicies(PolicyProfile.HASHED, 10_000, Protocol.TCP, PORT);

        assertThat(iptablesRules()).as("the previous linear rules").isEmpty();
        assertThat(applied.rules()).isEqualTo(3);
        assertThat(applied.setElements()).isEqualTo(10_000);
        String set = nft("list", "set", "ip", PolicyRules.NFT_TABLE, "ports_0");
        String elements = set.substring(set.indexOf("elements"));
        assertThat(NUMBER.matcher(elements).results().count()).isEqualTo(10_000);
        assertThat(elements).contains(" " + PORT);
        assertThat(nft("list", "chain", "ip", PolicyRules.NFT_TABLE, "pod_0")).contains("tcp dport @ports_0 accept", "drop");

        assertThat(tcpThroughput()).isPositive();
        assertThat(connectToOtherPort()).isEqualTo(TIMED_OUT);
    }

    @Test
    void shouldLetIperfControlThroughForUdpPolicies() throws IOException {
        lab.applyPolicies(PolicyProfile.LINEAR, 1_000, Protocol.UDP, PORT);
        try (NetProbes.Server server = new NetProbes.Server(lab.serverNamespace(0), lab.serverAddress(0), PORT)) {
            assertThat(NetProbes.iperf(lab.clientNamespace(0), lab.serverAddress(0), PORT,
                    List.of("-u", "-b", "100M", "-k", "200", "-l", "1422"))).isPositive();
        }
    }

    @Test
    void shouldRemoveEveryRuleWithProfileNone() {
        lab.applyPolicies(PolicyProfile.HASHED, 100, Protocol.TCP, PORT);
        lab.applyPolicies(PolicyProfile.LINEAR, 100, Protocol.TCP, PORT);

        AppliedPolicies applied = lab.applyPolicies(PolicyProfile.NONE, 0, Protocol.TCP, PORT);

        assertThat(applied.rules()).isZero();
        assertThat(lab.appliedPolicies()).isEqualTo(applied);
        assertThat(iptablesRules()).isEmpty();
        assertThat(nft("list", "ruleset").strip()).isEmpty();
        assertThat(connectToOtherPort()).isEqualTo(REFUSED);
    }

    private static double tcpThroughput() throws IOException {
        try (NetProbes.Server server = new NetProbes.Server(lab.serverNamespace(0), lab.serverAddress(0), PORT)) {
            return NetProbes.iperf(lab.clientNamespace(0), lab.serverAddress(0), PORT, List.of("-t", "1", "-C", "cubic"));
        }
    }

    private static NetProbes.Connect connectToOtherPort() {
        return NetProbes.connect(lab.clientNamespace(0), lab.serverAddress(0), OTHER_PORT, DROP_WAIT);
    }

    private static List<String> iptablesRules() {
        return Commands.run(lab.inNamespace(lab.nodeB(), List.of("iptables-save"))).stdout().lines()
                .filter(l -> l.startsWith("-A ")).toList();
    }

    private static String nft(String... args) {
        List<String> command = new java.util.ArrayList<>(List.of("nft", "-n"));
        command.addAll(List.of(args));
        return Commands.run(lab.inNamespace(lab.nodeB(), command)).stdout();
    }
}
