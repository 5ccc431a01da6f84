package io.inferstream.recommend;

/**
 * Why a user event or a feed request was dead-lettered instead of learned from. The names are the {@code errorCode}
 * of {@code DeadLetter} records (the first three are the wire format's, as in the scoring topology): do not rename.
 */
public enum EventRejectCode {
    /** The value is empty, not Confluent wire format Avro, or its body does not decode. */
    UNDECODABLE_VALUE,
    /** The first byte is not the wire format's magic byte 0x00. */
    BAD_MAGIC_BYTE,
    /** The schema id in the header is not in the registry. */
    UNKNOWN_SCHEMA_ID,
    /** The event's type is UNKNOWN (a symbol this reader does not know). */
    UNKNOWN_EVENT_TYPE,
    /** The user id is empty or blank. */
    MISSING_USER,
    /** The item id is empty or blank. */
    MISSING_ITEM,
    /** The record key is not the user id (user-events and recommendation-requests are keyed by user id). */
    WRONG_KEY,
    /** The value is NaN or an infinity. */
    NON_FINITE,
    /** A rating outside [recommend.rating.min, recommend.rating.max], a negative weight, or a negative feed length. */
    OUT_OF_RANGE
}
