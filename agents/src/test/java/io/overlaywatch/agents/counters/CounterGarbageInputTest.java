package io.overlaywatch.agents.counters;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** Every parser, fed mutilated real inputs, returns problems that name a line and never throws. */
class CounterGarbageInputTest {

    private static final String TRICKY = "{}\",=\\:| \t\n#\r9aZ_-.eE\u0000\u00e9";

    static List<CounterGoldenCase> cases() {
        return CounterGoldenCase.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void shouldNeverThrowOnMutilatedInputAndNameTheLineOfEveryProblem(CounterGoldenCase golden) {
        String input = golden.input();
        Random random = new Random(golden.name().hashCode());
        String linePattern = golden.isProc() ? "line \\d+: .+" : "line \\d+, column \\d+: .+";
        for (boolean all : new boolean[] {false, true}) {
            CounterParser parser = golden.parser(all);
            for (int round = 0; round < 500; round++) {
                StringBuilder mutated = new StringBuilder(input);
                for (int edit = 0; edit < 1 + random.nextInt(6); edit++) {
                    int at = random.nextInt(mutated.length());
                    switch (random.nextInt(3)) {
                        case 0 -> mutated.deleteCharAt(at);
                        case 1 -> mutated.insert(at, TRICKY.charAt(random.nextInt(TRICKY.length())));
                        default -> mutated.setCharAt(at, TRICKY.charAt(random.nextInt(TRICKY.length())));
                    }
                }
                String text = round % 50 == 0 ? mutated.substring(0, random.nextInt(mutated.length())) : mutated.toString();

                Parsed parsed = parser.parse(text);

                assertThat(parsed.problems()).allSatisfy(p -> assertThat(p).matches("(?s)" + linePattern));
            }
        }
    }
}
