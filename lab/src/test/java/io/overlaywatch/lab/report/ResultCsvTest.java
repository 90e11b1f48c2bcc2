package io.overlaywatch.lab.report;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ResultCsvTest {

    @Test
    void shouldWriteOneRowPerPointInBitsPerSecondAndPercent() {
        assertThat(ResultCsv.lines(SweepFixtures.results())).containsExactly(
                "sweep,scenario,profile,protocol,policies,pods,repetitions,mean_bps,ci95_low_bps,ci95_high_bps,"
                        + "change_bps,change_pct,expected_bps,degradation_bps,degradation_pct,fairness",
                // 30.1667 ± 4.3026527 * 0.7637626 Gbit/s (s = 0.7637626, n = 3)
                "policy,policy,linear,tcp,1,1,3,30166666667,28269375150,32063958183,0,0.00,,,,",
                "policy,policy,linear,tcp,10000,1,3,2000000000,1751586229,2248413771,-28166666667,-93.37,,,,",
                "policy,policy,hashed,tcp,1,1,3,29000000000,26515862288,31484137712,0,0.00,,,,",
                "policy,policy,hashed,tcp,10000,1,3,28533333333,26172313225,30894353442,-466666667,-1.61,,,,",
                "policy,policy,linear,udp,1,1,2,495000000,431468976,558531024,0,0.00,,,,",
                "policy,policy,linear,udp,10000,1,2,65000000,1468976,128531024,-430000000,-86.87,,,,",
                "pod,pod,hashed,tcp,0,1,2,2500000000,1229379526,3770620474,0,0.00,2500000000,0,0.00,1.0000",
                "pod,pod,hashed,tcp,0,4,2,2100000000,829379526,3370620474,-400000000,-16.00,2500000000,-400000000,"
                        + "-16.00,0.9000",
                "pod,pod,hashed,tcp,0,40,2,1300000000,1300000000,1300000000,-1200000000,-48.00,2500000000,"
                        + "-1200000000,-48.00,0.9000",
                // One repetition: no interval, empty cells.
                "pod,pod,hashed,udp,0,1,1,450000000,,,0,0.00,450000000,0,0.00,1.0000",
                "pod,pod,hashed,udp,0,4,1,400000000,,,-50000000,-11.11,450000000,-50000000,-11.11,1.0000");
    }
}
