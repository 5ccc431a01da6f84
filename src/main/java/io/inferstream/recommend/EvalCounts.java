package io.inferstream.recommend;

import java.nio.ByteBuffer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/** Prequential hits among evaluated events, for one window of one task or, summed, of all tasks. */
record EvalCounts(long hits, long total) {

    static final EvalCounts ZERO = new EvalCounts(0, 0);

    EvalCounts plus(EvalCounts other) {
        return new EvalCounts(hits + other.hits, total + other.total);
    }

    EvalCounts plus(boolean hit) {
        return new EvalCounts(hits + (hit ? 1 : 0), total + 1);
    }

    double recall() {
        return total == 0 ? Double.NaN : (double) hits / total;
    }

    /** Two longs, for the eval store and the partials' repartition topic (internal: no schema needed). */
    static Serde<EvalCounts> serde() {
        Serializer<EvalCounts> ser = (topic, c) -> c == null ? null
            : ByteBuffer.allocate(16).putLong(c.hits).putLong(c.total).array();
        Deserializer<EvalCounts> de = (topic, b) -> {
            if (b == null) {
                return null;
            }
            ByteBuffer buf = ByteBuffer.wrap(b);
            return new EvalCounts(buf.getLong(), buf.getLong());
        };
        return Serdes.serdeFrom(ser, de);
    }
}
