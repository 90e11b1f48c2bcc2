package io.overlaywatch.lab;

import io.overlaywatch.lab.net.LabPreflightException;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.concurrent.Callable;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ExplainedErrorsTest {

    @Test
    void shouldSayWhatTheLabLacksOnOneLineAndExitWith2() {
        StringWriter err = new StringWriter();
        int exit = run(new LabPreflightException("The lab cannot run, nothing was created: not root.",
                List.of("not root")), err);

        assertThat(exit).isEqualTo(ExplainedErrors.EXIT_CODE);
        assertThat(err.toString()).isEqualTo("tool fail: The lab cannot run, nothing was created: not root."
                + System.lineSeparator());
    }

    @Test
    void shouldSayWhichOptionsDoNotGoTogetherWhereTheirChecksThrowAnExplainedType() {
        StringWriter err = new StringWriter();
        int exit = run(new IllegalArgumentException("--pairs must be at least 1, not 0"), err,
                IllegalArgumentException.class);

        assertThat(exit).isEqualTo(ExplainedErrors.EXIT_CODE);
        assertThat(err.toString()).isEqualTo("tool fail: --pairs must be at least 1, not 0" + System.lineSeparator());
    }

    @Test
    void shouldLeaveAnyOtherFailureWithItsStackTrace() {
        // Not named: an IllegalArgumentException from deep inside may be a bug, not a bad option.
        for (Exception bug : List.of(new IllegalStateException("a bug"), new IllegalArgumentException("no values"))) {
            CommandLine line = ExplainedErrors.commandLine(new Tool(bug));

            assertThatThrownBy(() -> line.getExecutionExceptionHandler().handleExecutionException(bug,
                    line.getSubcommands().get("fail"), null)).isSameAs(bug);
        }
    }

    @SafeVarargs
    private static int run(Exception failure, StringWriter err, Class<? extends Exception>... explained) {
        CommandLine line = ExplainedErrors.commandLine(new Tool(failure), explained);
        line.setErr(new PrintWriter(err, true));
        return line.execute("fail");
    }

    @Command(name = "tool", subcommands = Fail.class)
    static final class Tool {
        final Exception failure;

        Tool(Exception failure) {
            this.failure = failure;
        }
    }

    @Command(name = "fail")
    static final class Fail implements Callable<Integer> {
        @CommandLine.ParentCommand
        Tool tool;

        @Override
        public Integer call() throws Exception {
            throw tool.failure;
        }
    }
}
