package io.overlaywatch.agents.deploy;

import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** HTTP requests read as RBAC sees them, and Roles answering as the authorizer would. */
class ApiCallTest {

    @Test
    void shouldReadVerbsGroupsSubresourcesAndNamespacesFromRequests() {
        assertThat(ApiCall.of("GET", "/api/v1/namespaces/b/pods?labelSelector=overlaywatch.io%2Frole%3Dclient"))
                .isEqualTo(new ApiCall("list", "", "pods", null, "b", null));
        assertThat(ApiCall.of("GET", "/api/v1/namespaces/b/pods?watch=true&resourceVersion=5"))
                .isEqualTo(new ApiCall("watch", "", "pods", null, "b", null));
        assertThat(ApiCall.of("PUT", "/apis/apps/v1/namespaces/b/deployments/c/scale"))
                .isEqualTo(new ApiCall("update", "apps", "deployments", "scale", "b", "c"));
        assertThat(ApiCall.of("DELETE", "/apis/networking.k8s.io/v1/namespaces/b/networkpolicies?labelSelector=x%3Dy"))
                .isEqualTo(new ApiCall("deletecollection", "networking.k8s.io", "networkpolicies", null, "b", null));
        assertThat(ApiCall.of("GET", "/api/v1/namespaces/b"))
                .isEqualTo(new ApiCall("get", "", "namespaces", null, null, "b"));
        assertThat(ApiCall.of("PATCH", "/apis/apps/v1/namespaces/b/deployments/c").rbacResource()).isEqualTo("deployments");
    }

    @Test
    void shouldAllowOnlyWhatARoleInTheRequestsNamespaceGrants() {
        Role role = new RoleBuilder().withNewMetadata().withName("r").withNamespace("b").endMetadata()
                .withRules(new PolicyRuleBuilder().withApiGroups("apps").withResources("deployments/scale")
                        .withVerbs("get", "update").withResourceNames("c").build())
                .build();
        RoleChecker checker = new RoleChecker(List.of(role));
        assertThat(checker.allows(ApiCall.of("PUT", "/apis/apps/v1/namespaces/b/deployments/c/scale"))).isTrue();
        assertThat(checker.allows(ApiCall.of("PUT", "/apis/apps/v1/namespaces/b/deployments/other/scale"))).isFalse();
        assertThat(checker.allows(ApiCall.of("PUT", "/apis/apps/v1/namespaces/b/deployments/c"))).isFalse();
        assertThat(checker.allows(ApiCall.of("PUT", "/apis/apps/v1/namespaces/a/deployments/c/scale"))).isFalse();
        assertThat(checker.allows(ApiCall.of("PATCH", "/apis/apps/v1/namespaces/b/deployments/c/scale"))).isFalse();
        assertThat(checker.grants()).containsExactlyInAnyOrder(
                new RoleChecker.Grant("b", "apps", "deployments/scale", "get"),
                new RoleChecker.Grant("b", "apps", "deployments/scale", "update"));
    }

    @Test
    void shouldRefuseWildcardRoles() {
        Role wild = new RoleBuilder().withNewMetadata().withName("w").withNamespace("b").endMetadata()
                .withRules(new PolicyRuleBuilder().withApiGroups("").withResources("*").withVerbs("get").build())
                .build();
        assertThatThrownBy(() -> new RoleChecker(List.of(wild))).hasMessageContaining("wildcard");
    }
}
