package io.inferstream.recommend;

import java.nio.ByteBuffer;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * One user-side task's evaluation progress, sent at every punctuation: the counts of the windows it has just closed
 * and its watermark (stream time minus grace; it will count no more events in windows ending at or before it).
 *
 * @param task      the task's partition of user-events
 * @param watermark the task's stream time minus the evaluation grace (epoch millis)
 * @param closed    counts by window start of the windows closed since the last progress
 */
record EvalProgress(int task, long watermark, Map<Long, EvalCounts> closed) {

    EvalProgress {
        closed = Map.copyOf(closed);
    }

    /** Internal format of the progress repartition topic (no schema: it never leaves the topology). */
    static Serde<EvalProgress> serde() {
        Serializer<EvalProgress> ser = (topic, p) -> {
            if (p == null) {
                return null;
            }
            ByteBuffer b = ByteBuffer.allocate(16 + p.closed.size() * 24).putInt(p.task).putLong(p.watermark).putInt(p.closed.size());
            p.closed.forEach((start, c) -> b.putLong(start).putLong(c.hits()).putLong(c.total()));
            return b.array();
        };
        Deserializer<EvalProgress> de = (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            ByteBuffer b = ByteBuffer.wrap(bytes);
            int task = b.getInt();
            long watermark = b.getLong();
            int n = b.getInt();
            Map<Long, EvalCounts> closed = new TreeMap<>();
            for (int i = 0; i < n; i++) {
                closed.put(b.getLong(), new EvalCounts(b.getLong(), b.getLong()));
            }
            return new EvalProgress(task, watermark, closed);
        };
        return Serdes.serdeFrom(ser, de);
    }
}
