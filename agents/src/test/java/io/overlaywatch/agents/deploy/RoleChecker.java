package io.overlaywatch.agents.deploy;

import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;

import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Answers what the API server's RBAC authorizer would for a set of namespaced Roles: is this call allowed, and what
 * does the set grant. Wildcards are refused outright, since least privilege is what the manifests promise.
 */
public final class RoleChecker {

    /** One thing a Role grants, with lists and resourceNames expanded. */
    public record Grant(String namespace, String group, String resource, String verb) implements Comparable<Grant> {

        @Override
        public int compareTo(Grant o) {
            return toString().compareTo(o.toString());
        }

        @Override
        public String toString() {
            return namespace + ":" + (group.isEmpty() ? "core" : group) + "/" + resource + ":" + verb;
        }
    }

    private final List<Role> roles;

    public RoleChecker(Collection<Role> roles) {
        this.roles = List.copyOf(roles);
        for (Role role : this.roles) {
            for (PolicyRule rule : role.getRules()) {
                if (rule.getVerbs().contains("*") || rule.getResources().contains("*")
                        || rule.getApiGroups().contains("*")) {
                    throw new IllegalArgumentException("Role " + role.getMetadata().getName() + " uses a wildcard: " + rule);
                }
            }
        }
    }

    /** Whether one of the Roles in the call's namespace has a rule for its group, resource, verb (and name). */
    public boolean allows(ApiCall call) {
        return roles.stream()
                .filter(role -> role.getMetadata().getNamespace().equals(call.namespace()))
                .flatMap(role -> role.getRules().stream())
                .anyMatch(rule -> matches(rule, call));
    }

    /** The calls no Role allows, in order. */
    public List<ApiCall> denied(Collection<ApiCall> calls) {
        return calls.stream().filter(call -> !allows(call)).distinct().toList();
    }

    /** Everything the Roles grant, for comparing with a contract. */
    public Set<Grant> grants() {
        Set<Grant> grants = new TreeSet<>();
        for (Role role : roles) {
            for (PolicyRule rule : role.getRules()) {
                for (String group : rule.getApiGroups()) {
                    for (String resource : rule.getResources()) {
                        for (String verb : rule.getVerbs()) {
                            grants.add(new Grant(role.getMetadata().getNamespace(), group, resource, verb));
                        }
                    }
                }
            }
        }
        return grants;
    }

    private static boolean matches(PolicyRule rule, ApiCall call) {
        if (!rule.getApiGroups().contains(call.group()) || !rule.getResources().contains(call.rbacResource())
                || !rule.getVerbs().contains(call.verb())) {
            return false;
        }
        List<String> names = rule.getResourceNames();
        // resourceNames cannot restrict list, watch, create or deletecollection: they have no name to check.
        return names == null || names.isEmpty() || (call.name() != null && names.contains(call.name()));
    }
}
