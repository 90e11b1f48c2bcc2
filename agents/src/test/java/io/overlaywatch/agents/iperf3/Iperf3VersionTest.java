package io.overlaywatch.agents.iperf3;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class Iperf3VersionTest {

    @Test
    void shouldReadDebiansVersionWhenOutputNamesCjson() {
        Iperf3Version v = Iperf3Version.parse("iperf 3.12 (cJSON 1.7.15)\nLinux vm 6.18.44 #1 SMP x86_64\n"
                + "Optional features available: CPU affinity setting, IPv6 flow label");

        assertThat(v).isEqualTo(new Iperf3Version(3, 12));
        assertThat(v.hasJsonStream()).isFalse();
    }

    @Test
    void shouldReadADevelopmentBuildWhenTheVersionEndsInAPlus() {
        Iperf3Version v = Iperf3Version.parse("iperf 3.21+ (cJSON 1.7.15)");

        assertThat(v).isEqualTo(new Iperf3Version(3, 21));
        assertThat(v.hasJsonStream()).isTrue();
        assertThat(v).hasToString("3.21");
    }

    @Test
    void shouldHaveJsonStreamFromThreeSeventeenWhenComparingVersions() {
        assertThat(Iperf3Version.parse("iperf 3.16").hasJsonStream()).isFalse();
        assertThat(Iperf3Version.parse("iperf 3.17").hasJsonStream()).isTrue();
        assertThat(Iperf3Version.parse("iperf 3.1.3").hasJsonStream()).isFalse();
        assertThat(new Iperf3Version(4, 0).hasJsonStream()).isTrue();
    }

    @Test
    void shouldRefuseTextWithoutAVersionWhenParsing() {
        assertThatThrownBy(() -> Iperf3Version.parse("iperf version 2.1.9 (14 March 2023) pthreads"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("iperf version 2.1.9");
        assertThatThrownBy(() -> Iperf3Version.parse(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldNameTheBinaryAndTheInstallCommandWhenTheBinaryIsMissing() {
        assertThatThrownBy(() -> Iperf3Version.probe("/nonexistent/iperf3-overlaywatch"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("/nonexistent/iperf3-overlaywatch")
                .hasMessageContaining("apt-get install -y iperf3");
    }

    @Test
    void shouldRefuseABinaryWhenItIsNotIperf3() {
        assumeTrue(Files.isExecutable(Path.of("/bin/echo")));

        assertThatThrownBy(() -> Iperf3Version.probe("/bin/echo"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("/bin/echo --version");
    }

    @Test
    void shouldReadTheInstalledVersionWhenIperf3IsOnThisMachine() {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/iperf3")), "iperf3 is not installed");

        assertThat(Iperf3Version.probe("/usr/bin/iperf3").major()).isEqualTo(3);
    }
}
