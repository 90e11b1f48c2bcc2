package io.overlaywatch.lab.net;

import io.overlaywatch.model.Protocol;

import java.util.List;

/** Loads a policy profile into a node namespace in bulk, replacing what it loaded before. */
final class PolicyLoader {

    private final String node;
    private final List<String> podVeths;
    private boolean iptablesLoaded;
    private boolean nftLoaded;
    private AppliedPolicies current;

    PolicyLoader(String node, List<String> podVeths) {
        this.node = node;
        this.podVeths = List.copyOf(podVeths);
        this.current = AppliedPolicies.none(Protocol.TCP, 0, podVeths.size());
    }

    synchronized AppliedPolicies current() {
        return current;
    }

    /** One {@code iptables-restore} or {@code nft -f} per call; one more only when the previous profile used the other tool. */
    synchronized AppliedPolicies apply(PolicyProfile profile, int policies, Protocol protocol, int trafficPort) {
        if (profile != PolicyProfile.NONE) {
            PolicyRules.ports(policies, trafficPort); // validates before anything is removed
        }
        long started = System.nanoTime();
        int rules = 0;
        int setElements = 0;
        switch (profile) {
            case NONE -> {
                clearIptables();
                clearNft();
            }
            case LINEAR, LINEAR_CT -> {
                clearNft();
                // Without --noflush iptables-restore replaces the whole filter table: the previous step's rules go in the same call.
                iptablesLoaded = true;
                Commands.run(Commands.inNamespace(node, List.of("iptables-restore")),
                        PolicyRules.iptablesRestore(profile, podVeths, policies, protocol, trafficPort));
                rules = PolicyRules.iptablesRuleCount(profile, podVeths.size(), policies, protocol);
            }
            case HASHED -> {
                clearIptables();
                nftLoaded = true;
                Commands.run(Commands.inNamespace(node, List.of("nft", "-f", "-")),
                        PolicyRules.nftScript(podVeths, policies, protocol, trafficPort));
                rules = PolicyRules.nftRuleCount(podVeths.size(), protocol);
                setElements = podVeths.size() * policies;
            }
        }
        long millis = (System.nanoTime() - started) / 1_000_000;
        current = profile == PolicyProfile.NONE
                ? AppliedPolicies.none(protocol, trafficPort, podVeths.size())
                : new AppliedPolicies(profile, policies, protocol, trafficPort, podVeths.size(), rules, setElements, millis);
        return current;
    }

    private void clearIptables() {
        if (iptablesLoaded) {
            Commands.run(Commands.inNamespace(node, List.of("iptables-restore")), PolicyRules.IPTABLES_CLEAR);
            iptablesLoaded = false;
        }
    }

    private void clearNft() {
        if (nftLoaded) {
            Commands.run(Commands.inNamespace(node, List.of("nft", "-f", "-")), PolicyRules.NFT_CLEAR);
            nftLoaded = false;
        }
    }
}
