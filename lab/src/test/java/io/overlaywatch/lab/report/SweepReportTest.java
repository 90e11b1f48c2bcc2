package io.overlaywatch.lab.report;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SweepReportTest {

    @Test
    void shouldWriteTheCsvOnePngPerSweepAndTheSummary(@TempDir Path dir) throws Exception {
        List<Path> written = SweepReport.write(dir.resolve("run"), SweepFixtures.results());

        assertThat(written).extracting(p -> p.getFileName().toString())
                .containsExactly("sweep-results.csv", "policy-sweep.png", "pod-sweep.png", "summary.md");
        for (Path png : written.subList(1, 3)) {
            BufferedImage image = ImageIO.read(png.toFile());
            assertThat(image).as(png + " is a PNG").isNotNull();
            assertThat(image.getWidth()).isEqualTo(SweepReport.WIDTH);
            assertThat(image.getHeight()).isEqualTo(SweepReport.HEIGHT);
        }
        assertThat(Files.readString(written.get(3))).contains("](policy-sweep.png)", "](pod-sweep.png)");
    }

    @Test
    void shouldWriteOnlyTheFiguresOfTheSweepsPresent(@TempDir Path dir) throws Exception {
        SweepResults policyOnly = SweepResults.of("p",
                List.of(step("policy", 1, 20e9), step("policy", 1000, 10e9)), List.of());

        assertThat(SweepReport.write(dir, policyOnly)).extracting(p -> p.getFileName().toString())
                .containsExactly("sweep-results.csv", "policy-sweep.png", "summary.md");
    }

    private static StepRow step(String scenario, int policies, double bps) {
        return new StepRow(new StepId(scenario, "linear", "tcp", policies, policies, 1, 1), "sender", bps, bps);
    }
}
