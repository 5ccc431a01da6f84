package io.inferstream.serde;

import static org.assertj.core.api.Assertions.assertThat;

import io.inferstream.avro.UserEvent;
import io.inferstream.registry.MockSchemaRegistry;
import io.inferstream.registry.SchemaRegistryClient;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The bytes must be exactly what Confluent's KafkaAvroSerializer writes, byte for byte, computed here by hand from
 * the wire format (0x00, 4-byte big-endian id) and the Avro spec (zigzag varints, length-prefixed UTF-8 strings,
 * little-endian IEEE doubles, union branch index, array blocks ending in 0).
 */
class WireFormatGoldenTest {

    private final String scope = SerdeTestSupport.newScope();
    private final SchemaRegistryClient client = SerdeTestSupport.client(scope);

    @AfterEach
    void dropScope() {
        MockSchemaRegistry.dropScope(scope);
    }

    private static int b(int v) {
        return v;
    }

    private static byte[] bytes(int... v) {
        byte[] out = new byte[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = (byte) v[i];
        }
        return out;
    }

    @Test
    void shouldWriteGenericRecordExactlyAsConfluentWithSchemaId42() {
        Schema schema = new Schema.Parser().parse("""
                {"type":"record","name":"Point","namespace":"test.golden","fields":[
                  {"name":"x","type":"int"},
                  {"name":"label","type":"string"},
                  {"name":"tags","type":{"type":"array","items":"long"}},
                  {"name":"opt","type":["null","double"]},
                  {"name":"flag","type":"boolean"}]}""");
        GenericRecord rec = new GenericData.Record(schema);
        rec.put("x", -3);
        rec.put("label", "h\u00e9");
        rec.put("tags", java.util.List.of(1L, 300L));
        rec.put("opt", 1.5);
        rec.put("flag", true);
        SerdeTestSupport.burnIds(client, 41);

        try (AvroSerializer<GenericRecord> ser = new AvroSerializer<>(client, AvroSerdeConfig.defaults(), false)) {
            byte[] actual = ser.serialize("points", rec);

            byte[] expected = bytes(
                    0x00, 0x00, 0x00, 0x00, 0x2A,          // magic byte, schema id 42 big-endian
                    0x05,                                  // x = -3: zigzag 5
                    0x06, 0x68, 0xC3, 0xA9,                // "hé": length 3 (zigzag 6), UTF-8 bytes
                    0x04, 0x02, 0xD8, 0x04, 0x00,          // [1, 300]: block of 2, 1 -> 2, 300 -> 600 varint, end
                    0x02, 0, 0, 0, 0, 0, 0, 0xF8, 0x3F,    // union branch 1 (double), 1.5 little-endian
                    0x01);                                 // true
            assertThat(actual).containsExactly(expected);
            assertThat(client.getLatest("points-value").id()).isEqualTo(42);
        }
    }

    @Test
    void shouldWriteSpecificRecordExactlyAsConfluentWithSchemaId42() {
        SerdeTestSupport.burnIds(client, 41);
        try (AvroSerializer<UserEvent> ser = new AvroSerializer<>(client, AvroSerdeConfig.defaults(), false)) {
            byte[] actual = ser.serialize("user-events", SerdeTestSupport.userEvent());

            byte[] expected = bytes(
                    0x00, 0x00, 0x00, 0x00, 0x2A,          // magic byte, schema id 42
                    0x04, 0x75, 0x31,                      // userId "u1"
                    0x04, 0x69, 0x39,                      // itemId "i9"
                    0x02,                                  // type CLICK: enum index 1
                    0, 0, 0, 0, 0, 0, 0x04, 0x40,          // value 2.5 as little-endian double
                    0xD0, 0x0F,                            // timestamp 1000 ms: zigzag 2000 varint
                    0x00);                                 // requestId null: union branch 0
            assertThat(actual).containsExactly(expected);
            assertThat(client.getLatest("user-events-value").id()).isEqualTo(b(42));
        }
    }

    @Test
    void shouldWriteBigEndianIdsAboveOneByte() {
        assertThat(WireFormat.header(0x01020304)).containsExactly(0x00, 0x01, 0x02, 0x03, 0x04);
        assertThat(WireFormat.schemaId("t", bytes(0x00, 0x7F, 0xFF, 0x00, 0x80))).isEqualTo(0x7FFF0080);
    }
}
