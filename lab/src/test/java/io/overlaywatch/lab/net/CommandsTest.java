package io.overlaywatch.lab.net;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Running commands with stdin, timeouts and messages that name the command and its stderr. */
class CommandsTest {

    @Test
    void shouldFeedStdinAndReturnStdout() {
        String big = "x".repeat(1_000_000) + "\n";
        CommandResult r = Commands.run(List.of("wc", "-c"), big);
        assertThat(r.stdout().strip()).isEqualTo("1000001");
        assertThat(r.exitCode()).isZero();
    }

    @Test
    void shouldNameTheCommandLineAndStderrWhenItFails() {
        assertThatThrownBy(() -> Commands.run(List.of("sh", "-c", "echo oops >&2; exit 3")))
                .isInstanceOf(CommandException.class)
                .hasMessageContaining("`sh -c 'echo oops >&2; exit 3'` exited with 3")
                .hasMessageContaining(": oops")
                .satisfies(e -> {
                    CommandException ce = (CommandException) e;
                    assertThat(ce.exitCode()).isEqualTo(3);
                    assertThat(ce.stderr()).isEqualTo("oops\n");
                });
    }

    @Test
    void shouldPointAtTheFailingLineOfABatch() {
        // ip -batch reports "Command failed -:N"; the message quotes line N of what was fed in.
        assertThatThrownBy(() -> Commands.run(List.of("sh", "-c", "cat >/dev/null; echo 'Command failed -:2' >&2; exit 1"),
                "link set lo up\nroute add bogus\n"))
                .hasMessageContaining("[failing input line: route add bogus]");
    }

    @Test
    void shouldStopACommandThatOutlivesItsTimeout() {
        long started = System.nanoTime();
        assertThatThrownBy(() -> Commands.run(List.of("sleep", "30"), null, Duration.ofMillis(200)))
                .isInstanceOf(CommandException.class)
                .hasMessageContaining("`sleep 30` timed out after 200 ms");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void shouldSayWhenAProgramCannotStart() {
        assertThatThrownBy(() -> Commands.run(List.of("no-such-program-ow")))
                .isInstanceOf(CommandException.class).hasMessageContaining("cannot start `no-such-program-ow`");
    }

    @Test
    void shouldWrapACommandToRunInANamespace() {
        assertThat(Commands.inNamespace("ow-abc123-server-0", List.of("iperf3", "-s")))
                .containsExactly("ip", "netns", "exec", "ow-abc123-server-0", "iperf3", "-s");
        assertThat(Commands.searchPath()).contains("/usr/sbin").contains("/sbin");
    }
}
