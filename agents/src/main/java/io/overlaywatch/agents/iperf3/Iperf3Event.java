package io.overlaywatch.agents.iperf3;

/** What a parser makes of iperf3 output: an interval of one stream, or a failure iperf3 reported. */
public sealed interface Iperf3Event permits Iperf3Interval, Iperf3Failure {

    /** Number of the test in the output, from 1 (a server prints several tests in a row). */
    int test();
}
