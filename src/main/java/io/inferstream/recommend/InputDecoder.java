package io.inferstream.recommend;

import io.inferstream.avro.EventType;
import io.inferstream.avro.RecommendationRequest;
import io.inferstream.avro.UserEvent;
import io.inferstream.config.RecommendSettings;
import io.inferstream.serde.WireFormatException;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Decodes and validates user events and feed requests, so that processors only ever see input they can learn from.
 * A registry that cannot be reached is not the record's fault: its plain SerializationException is not caught here
 * and fails the task (which Streams retries), instead of dead-lettering good records.
 */
final class InputDecoder {

    private final RecommendSettings settings;
    private final Deserializer<UserEvent> events;
    private final Deserializer<RecommendationRequest> requests;

    InputDecoder(RecommendSettings settings, Deserializer<UserEvent> events, Deserializer<RecommendationRequest> requests) {
        this.settings = settings;
        this.events = events;
        this.requests = requests;
    }

    UserEvent event(String topic, byte[] value) throws EventRejectedException {
        UserEvent e = decode(events, topic, value);
        if (e.getType() == null || e.getType() == EventType.UNKNOWN) {
            throw new EventRejectedException(EventRejectCode.UNKNOWN_EVENT_TYPE, "unknown event type");
        }
        requireId(e.getUserId(), EventRejectCode.MISSING_USER, "userId");
        requireId(e.getItemId(), EventRejectCode.MISSING_ITEM, "itemId");
        double v = e.getValue();
        if (!Double.isFinite(v)) {
            throw new EventRejectedException(EventRejectCode.NON_FINITE, "value is " + v);
        }
        if (e.getType() == EventType.RATING) {
            if (v < settings.ratingMin() || v > settings.ratingMax()) {
                throw new EventRejectedException(EventRejectCode.OUT_OF_RANGE,
                    "rating " + v + " outside [" + settings.ratingMin() + ", " + settings.ratingMax() + "]");
            }
        } else if (v < 0) {
            throw new EventRejectedException(EventRejectCode.OUT_OF_RANGE, "negative weight " + v);
        }
        if (e.getTimestamp() == null) {
            throw new EventRejectedException(EventRejectCode.UNDECODABLE_VALUE, "no timestamp");
        }
        return e;
    }

    RecommendationRequest request(String topic, byte[] value) throws EventRejectedException {
        RecommendationRequest r = decode(requests, topic, value);
        requireId(r.getUserId(), EventRejectCode.MISSING_USER, "userId");
        if (r.getK() < 0) {
            throw new EventRejectedException(EventRejectCode.OUT_OF_RANGE, "negative k " + r.getK());
        }
        return r;
    }

    /** The learning-rate multiplier of a valid event: its type's weight, times its value for positive-only types. */
    float weight(UserEvent e) {
        return (float) switch (e.getType()) {
            case VIEW -> settings.weightView() * e.getValue();
            case CLICK -> settings.weightClick() * e.getValue();
            case PURCHASE -> settings.weightPurchase() * e.getValue();
            case RATING -> settings.weightRating();
            case UNKNOWN -> throw new IllegalArgumentException("UNKNOWN events are rejected before learning");
        };
    }

    private static <T> T decode(Deserializer<T> deserializer, String topic, byte[] value) throws EventRejectedException {
        if (value == null || value.length == 0) {
            throw new EventRejectedException(EventRejectCode.UNDECODABLE_VALUE, "empty value (a tombstone is not an event)");
        }
        try {
            return deserializer.deserialize(topic, value);
        } catch (WireFormatException e) {
            throw new EventRejectedException(EventRejectCode.valueOf(e.errorCode().name()), e.getMessage());
        }
    }

    private static void requireId(String id, EventRejectCode code, String field) throws EventRejectedException {
        if (id == null || id.isBlank()) {
            throw new EventRejectedException(code, field + " is empty");
        }
    }
}
