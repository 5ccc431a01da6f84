/**
 * Avro serdes in Confluent's wire format (0x00, 4-byte big-endian schema id, Avro binary), so Inferstream's topics
 * are readable by any Confluent client and vice versa.
 *
 * <ul>
 *   <li>{@link io.inferstream.serde.AvroSerdes}: builds {@link io.inferstream.serde.AvroSerde}s for generated
 *       (specific) classes, GenericRecords, or any Avro datum, from an {@link io.inferstream.serde.AvroSerdeConfig}
 *       (Confluent property names) and optionally a shared registry client.</li>
 *   <li>{@link io.inferstream.serde.Topic}: a topic name with its key and value serdes, giving Consumed/Produced.</li>
 *   <li>{@link io.inferstream.serde.WireFormat} and {@link io.inferstream.serde.WireFormatException}: the header,
 *       and the dead-letter error codes (BAD_MAGIC_BYTE, UNKNOWN_SCHEMA_ID, UNDECODABLE_VALUE) of bad bytes.</li>
 *   <li>{@link io.inferstream.serde.AvroJson}: plain JSON to and from Avro data, for tools.</li>
 * </ul>
 */
package io.inferstream.serde;
