package io.overlaywatch.jobs.functions;

import io.overlaywatch.jobs.records.LinkAccumulator;
import io.overlaywatch.jobs.records.LinkChangeState;
import io.overlaywatch.jobs.records.LinkLossState;
import io.overlaywatch.jobs.records.LinkWindow;
import io.overlaywatch.jobs.records.StallState;
import io.overlaywatch.model.Protocol;
import io.overlaywatch.model.Sample;
import io.overlaywatch.model.Scenario;
import io.overlaywatch.model.Side;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.util.EnumSet;

import static io.overlaywatch.jobs.functions.LinkTestData.tcp;
import static io.overlaywatch.jobs.functions.LinkTestData.udp;
import static org.assertj.core.api.Assertions.assertThat;

class LinkRecordsTest {

    @ParameterizedTest
    @ValueSource(classes = {LinkWindow.class, LinkAccumulator.class, LinkChangeState.class, StallState.class,
            LinkLossState.class})
    void shouldBeSerialisedAsPojosNotWithKryo(Class<?> type) {
        assertThat(TypeInformation.of(type)).isInstanceOf(PojoTypeInfo.class);
    }

    @Test
    void shouldKeepTheSidesThatCountOfTheScenariosWatched() {
        LinkSampleFilter live = new LinkSampleFilter(EnumSet.of(Scenario.LIVE));
        Sample sender = tcp("a", 0, 1e9);
        Sample udpReceiver = udp("a", 0, 1e9, 0, 100);

        assertThat(live.filter(sender)).isTrue();
        assertThat(live.filter(udpReceiver)).isTrue();
        assertThat(live.filter(withSide(sender, Side.RECEIVER))).isFalse();
        assertThat(live.filter(withSide(udpReceiver, Side.SENDER))).isFalse();
        assertThat(new LinkSampleFilter(EnumSet.of(Scenario.POLICY)).filter(sender)).isFalse();
        assertThat(LinkSampleFilter.allScenarios().filter(sender)).isTrue();
    }

    @Test
    void shouldNameTheLinkAsAlertsDo() {
        assertThat(LinkWindow.keyOf(tcp("a", 0, 1e9))).isEqualTo("link node-a>node-b/calico/tcp");
        assertThat(LinkWindow.keyOf("n1", "n2", "cilium", Protocol.UDP)).isEqualTo("link n1>n2/cilium/udp");
    }

    private static Sample withSide(Sample s, Side side) {
        return new Sample(s.v(), s.time(), s.step(), side, s.clientPod(), s.serverPod(), s.srcNode(), s.dstNode(),
                s.stream(), s.sum(), s.start(), s.end(), s.omitted(), s.bytes(), s.bitsPerSecond(), s.retransmits(),
                s.cwndBytes(), s.rttMicros(), s.jitterMs(), s.lost(), s.packets(), s.congestion(), s.affinity());
    }
}
