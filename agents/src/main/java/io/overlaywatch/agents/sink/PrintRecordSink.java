package io.overlaywatch.agents.sink;

import io.overlaywatch.model.WireCodec;
import io.overlaywatch.model.WireRecord;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/** Writes each record as one JSON line, for {@code parse} and for reading what an agent would produce. */
public final class PrintRecordSink implements RecordSink {

    private final PrintWriter out;

    public PrintRecordSink(PrintWriter out) {
        this.out = out;
    }

    public PrintRecordSink(PrintStream out) {
        this(new PrintWriter(out, false, StandardCharsets.UTF_8));
    }

    @Override
    public synchronized void send(WireRecord record) {
        out.println(WireCodec.encodeToString(record));
    }

    @Override
    public synchronized void flush() {
        out.flush();
    }

    /** Flushes but leaves the stream open: it is usually stdout. */
    @Override
    public synchronized void close() {
        out.flush();
    }
}
