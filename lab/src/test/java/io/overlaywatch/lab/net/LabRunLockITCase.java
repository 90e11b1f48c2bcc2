package io.overlaywatch.lab.net;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** {@code lab cleanup} during a live run removes only what dead runs left behind. */
class LabRunLockITCase {

    @Test
    void shouldLeaveALiveRunAloneAndRemoveItOnceItsProcessIsGone() throws Exception {
        assumeTrue(LabPreflight.problems(LabPreflight.probe()).isEmpty(), "the lab needs root and its tools");
        String prefix = LabNames.randomPrefix();
        String namespace = prefix + "node-a";
        Process owner = new ProcessBuilder("sleep", "120").start();
        Path mark = LabRunLock.DIR.resolve(prefix + "pid");
        try {
            Commands.run(List.of("ip", "netns", "add", namespace));
            Files.createDirectories(LabRunLock.DIR);
            Files.writeString(mark, Long.toString(owner.pid()));
            List<String> skipped = new ArrayList<>();

            List<String> removed = LabCleanup.removeAll(prefix, skipped::add);

            assertThat(removed).isEmpty();
            assertThat(skipped).singleElement().asString().contains(prefix).contains(Long.toString(owner.pid()));
            assertThat(LabCleanup.listNamespaces()).contains(namespace);

            owner.destroyForcibly().waitFor();

            assertThat(LabCleanup.removeAll(prefix)).containsExactly(namespace);
            assertThat(LabCleanup.listNamespaces()).doesNotContain(namespace);
        } finally {
            owner.destroyForcibly();
            Files.deleteIfExists(mark);
            LabCleanup.removeAll(prefix);
        }
    }
}
