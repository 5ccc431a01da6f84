package io.inferstream.drift.monitor;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * How far each sending task has read inference-results (its latest event time), as the partials report it in
 * their headers; the owner closes a window only once every sender has passed its end + grace (a watermark).
 *
 * <p>Why not Kafka Streams' stream time: after the repartition it is the <i>newest</i> timestamp any sender
 * forwarded, and one task working through a backlog runs windows ahead of the others, whose partials for the
 * older windows would then come too late. The watermark is the <i>slowest</i> sender's time; a sender not heard
 * from for {@code idleMs} (wall clock; its partitions have no traffic) no longer holds windows open.
 */
final class SenderProgress {

    static final String SENDER = "drift-sender";
    static final String SENDER_TIME = "drift-sender-time";

    private record Progress(long eventTime, long seenAt) { }

    private final long idleMs;
    private final Map<String, Progress> senders = new HashMap<>();

    SenderProgress(long idleMs) {
        this.idleMs = idleMs;
    }

    static Headers headers(String sender, long eventTime) {
        RecordHeaders h = new RecordHeaders();
        h.add(SENDER, sender.getBytes(StandardCharsets.UTF_8));
        h.add(SENDER_TIME, ByteBuffer.allocate(Long.BYTES).putLong(eventTime).array());
        return h;
    }

    /** Notes a partial's sender and its progress; partials without the headers (older senders) only count by timestamp. */
    void observe(Headers headers, long timestamp, long now) {
        Header sender = headers.lastHeader(SENDER);
        Header time = headers.lastHeader(SENDER_TIME);
        String id = sender == null ? "" : new String(sender.value(), StandardCharsets.UTF_8);
        long t = time == null || time.value().length != Long.BYTES ? timestamp : ByteBuffer.wrap(time.value()).getLong();
        senders.merge(id, new Progress(t, now), (a, b) -> new Progress(Math.max(a.eventTime, b.eventTime), b.seenAt));
    }

    /**
     * The slowest active sender's event time; when every sender is idle (traffic stopped everywhere), the newest
     * sender's event time moved on by the wall-clock time since it was heard from, so that the last windows close too
     * (event time tracks the wall clock on a live stream). Long.MIN_VALUE when none has been heard from.
     */
    long watermark(long now) {
        long min = Long.MAX_VALUE;
        long idle = Long.MIN_VALUE;
        for (Progress p : senders.values()) {
            idle = Math.max(idle, p.eventTime + Math.max(0, now - p.seenAt));
            if (now - p.seenAt <= idleMs) {
                min = Math.min(min, p.eventTime);
            }
        }
        return min == Long.MAX_VALUE ? idle : min;
    }
}
