package io.overlaywatch.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the child-process helpers do when things go wrong, without starting a real server. */
class ChildServiceTest {

    @TempDir
    Path dataDir;

    @Test
    void shouldNameThePackageToInstallWhenTheBinaryIsMissing() {
        assertThatThrownBy(() -> LocalInfluxDb.start(dataDir, Path.of("/nonexistent/influxd")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("/nonexistent/influxd")
                .hasMessageContaining("apt-get install -y influxdb");
    }

    @Test
    void shouldFailFastWithTheLogWhenTheProcessExits() throws Exception {
        URI url = URI.create("http://127.0.0.1:" + FreePorts.next());
        ChildService child = ChildService.start("dies",
                List.of("/bin/sh", "-c", "echo 'cannot bind: address in use'; exit 3"), dataDir.resolve("dies.log"), url);

        assertThatThrownBy(() -> child.awaitHttp("/ping", response -> true))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("exited with code 3")
                .hasMessageContaining("cannot bind: address in use");
    }

    @Test
    void shouldEncodeFormsForInfluxQl() {
        assertThat(ChildService.form("db", "a&b", "q", "CREATE DATABASE \"x y\""))
                .isEqualTo("db=a%26b&q=CREATE+DATABASE+%22x+y%22");
    }

    @Test
    void shouldQuoteIdentifiersAndTomlStrings() {
        assertThat(LocalInfluxDb.quoted("a\"b\\c")).isEqualTo("\"a\\\"b\\\\c\"");
    }

    @Test
    void shouldHandOutDistinctPorts() {
        int[] ports = FreePorts.next(5);
        assertThat(Arrays.stream(ports).distinct().count()).isEqualTo(5);
    }
}
