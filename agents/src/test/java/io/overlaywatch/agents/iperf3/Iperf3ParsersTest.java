package io.overlaywatch.agents.iperf3;

import org.junit.jupiter.api.Test;

import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class Iperf3ParsersTest {

    @Test
    void shouldChooseJsonStreamWhenTheVersionIsThreeSeventeenOrLater() {
        assertThat(Iperf3Parsers.forVersion(new Iperf3Version(3, 17), () -> 0L, ZoneOffset.UTC))
                .isInstanceOf(JsonStreamParser.class);
        assertThat(Iperf3Parsers.forVersion(new Iperf3Version(3, 16), () -> 0L, ZoneOffset.UTC))
                .isInstanceOf(TextOutputParser.class);
    }

    @Test
    void shouldDecideOnTheFirstNonBlankLineWhenAutodetecting() {
        Iperf3OutputParser json = Iperf3Parsers.autodetect(() -> 0L, ZoneOffset.UTC);
        assertThat(json.feed("")).isEmpty();
        assertThat(json.feed("   ")).isEmpty();
        // once decided, a text-looking line is not valid JSON
        json.feed("{\"event\":\"end\",\"data\":{}}");
        assertThat(json.feed("iperf Done.")).singleElement().isInstanceOf(Iperf3Failure.class);

        Iperf3OutputParser text = Iperf3Parsers.autodetect(() -> 0L, ZoneOffset.UTC);
        text.feed("Connecting to host 10.1.2.2, port 5201");
        assertThat(text.feed("{\"event\":\"end\",\"data\":{}}")).isEmpty();
    }

    @Test
    void shouldReturnNothingWhenAutodetectFinishesWithoutInput() {
        assertThat(Iperf3Parsers.autodetect(() -> 0L, ZoneOffset.UTC).finish()).isEqualTo(List.of());
    }
}
