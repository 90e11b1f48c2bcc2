package io.overlaywatch.lab.net;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What a killed run leaves behind, and {@code lab cleanup} removing it. */
class LabCleanupITCase {

    @BeforeAll
    static void needsRoot() {
        NetProbes.assumeLabCanRun();
    }

    @Test
    void shouldRemoveWhatARunKilledWithSigkillLeftBehindAndFindNothingTheSecondTime() throws Exception {
        String prefix = LabNames.randomPrefix();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), KilledLabRun.class.getName(), prefix, "2")
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        List<ProcessHandle> grandchildren;
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
            String line;
            while ((line = out.readLine()) != null && !line.equals("READY")) {
                // skip whatever the child prints before it is ready
            }
            assertThat(line).as("the child run got ready").isEqualTo("READY");
            grandchildren = child.descendants().toList();
            assertThat(grandchildren).as("the iperf3 server in a pod").isNotEmpty();
        } finally {
            child.destroyForcibly(); // SIGKILL: no shutdown hook, no close()
            child.waitFor();
        }
        List<String> left = NetProbes.namespacesWithPrefix(prefix);
        assertThat(left).as("what the killed run left").hasSize(6);

        List<String> removed = LabCleanup.removeAll(prefix);

        assertThat(removed).containsExactlyInAnyOrderElementsOf(left);
        assertThat(NetProbes.namespacesWithPrefix(prefix)).isEmpty();
        assertThat(grandchildren).noneMatch(ProcessHandle::isAlive);
        assertThat(LabCleanup.removeAll(prefix)).isEmpty();
    }

    @Test
    void shouldRefuseAPrefixThatWouldReachBeyondTheLab() {
        assertThatThrownBy(() -> LabCleanup.removeAll("")).hasMessageContaining("must start with 'ow-'");
        assertThatThrownBy(() -> LabCleanup.removeAll("o")).hasMessageContaining("must start with 'ow-'");
    }
}
