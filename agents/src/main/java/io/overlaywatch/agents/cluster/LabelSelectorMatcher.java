package io.overlaywatch.agents.cluster;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;

import java.util.List;
import java.util.Map;

/**
 * Whether a Kubernetes label selector selects a set of labels, as the API server decides it: every
 * {@code matchLabels} entry and every {@code matchExpressions} requirement must hold; an empty selector
 * selects everything (a NetworkPolicy with {@code podSelector: {}} selects every pod of its namespace).
 */
public final class LabelSelectorMatcher {

    private LabelSelectorMatcher() {
    }

    /**
     * @throws IllegalArgumentException for an operator other than In, NotIn, Exists and DoesNotExist
     */
    public static boolean matches(LabelSelector selector, Map<String, String> labels) {
        if (selector == null) {
            // A missing selector selects nothing, as Kubernetes' LabelSelectorAsSelector(nil) does.
            return false;
        }
        Map<String, String> have = labels == null ? Map.of() : labels;
        Map<String, String> matchLabels = selector.getMatchLabels();
        if (matchLabels != null) {
            for (Map.Entry<String, String> wanted : matchLabels.entrySet()) {
                if (!wanted.getValue().equals(have.get(wanted.getKey()))) {
                    return false;
                }
            }
        }
        List<LabelSelectorRequirement> expressions = selector.getMatchExpressions();
        if (expressions != null) {
            for (LabelSelectorRequirement requirement : expressions) {
                if (!holds(requirement, have)) {
                    return false;
                }
            }
        }
        return true;
    }

    private static boolean holds(LabelSelectorRequirement requirement, Map<String, String> labels) {
        String key = requirement.getKey();
        String value = labels.get(key);
        List<String> values = requirement.getValues() == null ? List.of() : requirement.getValues();
        String operator = requirement.getOperator();
        if (operator == null) {
            throw new IllegalArgumentException("selector requirement on '" + key + "' has no operator");
        }
        return switch (operator) {
            case "In" -> value != null && values.contains(value);
            // NotIn also selects objects that lack the label, as Kubernetes does.
            case "NotIn" -> value == null || !values.contains(value);
            case "Exists" -> labels.containsKey(key);
            case "DoesNotExist" -> !labels.containsKey(key);
            default -> throw new IllegalArgumentException("selector requirement on '" + key
                    + "' has unknown operator '" + operator + "' (In, NotIn, Exists, DoesNotExist)");
        };
    }
}
