package io.overlaywatch.model;

import java.util.ArrayList;
import java.util.List;

/**
 * An input record that was rejected, kept whole with the reason so that nothing is lost.
 *
 * @param v         schema version
 * @param time      when it was rejected, epoch milliseconds
 * @param topic     topic it was read from
 * @param partition partition it was read from
 * @param offset    offset it was read at
 * @param reason    why it was rejected
 * @param rawBase64 the record's value bytes, base64
 * @param preview   the first characters of the value as text, for people reading the topic
 */
public record DeadLetter(int v, long time, String topic, int partition, long offset,
                         String reason, String rawBase64, String preview) implements WireRecord {

    @Override
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        Checks.version(problems, v);
        Checks.text(problems, "topic", topic);
        Checks.text(problems, "reason", reason);
        Checks.present(problems, "rawBase64", rawBase64);
        return problems;
    }
}
