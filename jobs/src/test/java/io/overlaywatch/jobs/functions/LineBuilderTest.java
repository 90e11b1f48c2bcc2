package io.overlaywatch.jobs.functions;

import com.influxdb.client.domain.WritePrecision;
import com.influxdb.client.write.Point;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The hand-written line protocol against the client library's {@link Point}, which it replaced. */
class LineBuilderTest {

    private static final long T0 = 1_795_687_200_000L;

    @Test
    void shouldWriteEveryDoubleAsPointDoesInPlainDecimalNotation() {
        List<Double> values = new ArrayList<>(List.of(0.0, 1.0, -20.0, 0.0004, 0.62, 1e-5, 3.3e-9, 12e9, 1.23456789012e10,
                -2.5e9, 9.99e6, 1e7, 1.0000001e7, 1e15, 1.5e15, 1e21, 4.9e-324, Double.MAX_VALUE));
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 2_000; i++) {
            values.add(random.nextDouble() * Math.pow(10, random.nextInt(-12, 19)) * (random.nextBoolean() ? 1 : -1));
        }
        for (double v : values) {
            String ours = ParsedLine.parse(LineBuilder.measurement("m").field("f", v).time(T0)).fields().get("f");
            String theirs = ParsedLine.parse(Point.measurement("m").addField("f", v).time(T0, WritePrecision.MS)
                    .toLineProtocol()).fields().get("f");
            assertThat(ours).as("%s", v).doesNotContain("E").satisfies(s -> assertThat(Double.parseDouble(s)).isEqualTo(v));
            assertThat(Double.parseDouble(ours)).as("%s: ours %s, Point's %s", v, ours, theirs)
                    .isEqualTo(Double.parseDouble(theirs));
        }
    }

    @Test
    void shouldEscapeNamesAndStringsAsPointDoes() {
        // No name ending in a backslash: line protocol cannot express one and Checks rejects it at the door.
        String[] hostile = {"plain", "with space", "a,b", "k=v", "back\\slash", "new\nline", "tab\there",
                "quote\"d", "\"", ",= \\x"};
        for (String name : hostile) {
            String ours = LineBuilder.measurement("m " + name).tag("t " + name, name).tag("z", "1")
                    .field("f " + name, name).field("n", 1L).time(T0);
            String theirs = Point.measurement("m " + name).addTag("t " + name, name).addTag("z", "1")
                    .addField("f " + name, name).addField("n", 1L).time(T0, WritePrecision.MS).toLineProtocol();
            assertThat(ParsedLine.parse(ours)).as(name).isEqualTo(ParsedLine.parse(theirs));
        }
    }

    @Test
    void shouldWriteIntegersBooleansAndLeaveOutWhatHasNoValue() {
        String line = LineBuilder.measurement("m").tag("empty", "").tag("none", null).tag("t", "x")
                .field("count", 7L).field("boxed", Long.valueOf(3)).field("exit", Integer.valueOf(2))
                .field("ratio", Double.valueOf(0.5)).field("missing", (Number) null).field("nan", Double.NaN)
                .field("inf", Double.POSITIVE_INFINITY).field("flag", true).field("text", (String) null).time(T0);

        assertThat(line).isEqualTo("m,t=x count=7i,boxed=3i,exit=2i,ratio=0.5,flag=true " + T0);
    }

    @Test
    void shouldRefuseATagAfterAFieldAndAPointWithoutFields() {
        assertThatThrownBy(() -> LineBuilder.measurement("m").field("f", 1L).tag("t", "x"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("tag 't' after the first field");
        assertThatThrownBy(() -> LineBuilder.measurement("m").tag("t", "x").field("nan", Double.NaN).time(T0))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("at least one field");
    }
}
