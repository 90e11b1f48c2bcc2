package io.overlaywatch.agents.counters;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Real {@code /proc/net/dev}, {@code /proc/net/snmp} and {@code /proc/net/netstat} of this machine and of network
 * namespaces (see {@code counters/capture.sh}), with readings derived independently by awk
 * ({@code counters/expected.sh}); and felix and cilium-agent pages with hand-checked readings.
 */
class CounterGoldenFilesTest {

    static List<CounterGoldenCase> cases() {
        return CounterGoldenCase.all();
    }

    static List<CounterGoldenCase> procCases() {
        return CounterGoldenCase.all().stream().filter(CounterGoldenCase::isProc).toList();
    }

    @Test
    void shouldFindEveryGoldenCaseWhenListingTheResources() {
        List<CounterGoldenCase> all = CounterGoldenCase.all();

        assertThat(all).extracting(CounterGoldenCase::parser)
                .containsOnly("netdev", "snmp", "netstat", "felix", "cilium");
        assertThat(all).hasSize(14);
        assertThat(all).allSatisfy(c -> assertThat(c.folder().resolve(CounterGoldenCase.EXPECTED)).isRegularFile());
        assertThat(procCases()).allSatisfy(c ->
                assertThat(c.folder().resolve(CounterGoldenCase.EXPECTED_ALL)).isRegularFile());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void shouldReadTheDefaultCountersOfEveryCaseWithoutProblems(CounterGoldenCase golden) {
        Parsed parsed = golden.parser(false).parse(golden.input());

        assertThat(parsed.problems()).isEmpty();
        assertThat(parsed.readings()).containsExactlyElementsOf(golden.expected(false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("procCases")
    void shouldReadEveryFieldOfTheProcFilesWhenAskedForAll(CounterGoldenCase golden) {
        Parsed parsed = golden.parser(true).parse(golden.input());

        assertThat(parsed.problems()).isEmpty();
        assertThat(parsed.readings()).containsExactlyElementsOf(golden.expected(true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("procCases")
    void shouldKeepExactlyTheDocumentedDefaultsThatTheFileHas(CounterGoldenCase golden) {
        List<Reading> all = golden.parser(true).parse(golden.input()).readings();
        List<Reading> defaults = golden.parser(false).parse(golden.input()).readings();

        Set<String> documented = golden.parser().equals("netdev")
                ? ProcNetDevParser.DEFAULT_COUNTERS : ProcNetSnmpParser.DEFAULT_COUNTERS;
        assertThat(defaults).containsExactlyElementsOf(
                all.stream().filter(r -> documented.contains(r.name())).toList());
    }
}
