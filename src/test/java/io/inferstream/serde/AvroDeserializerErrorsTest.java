package io.inferstream.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.inferstream.avro.UserEvent;
import io.inferstream.registry.MockSchemaRegistry;
import io.inferstream.registry.SchemaRegistryClient;
import io.inferstream.serde.WireFormatException.ErrorCode;
import java.util.Arrays;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Every kind of bad input gives a SerializationException that names the topic, with a dead-letter code. */
class AvroDeserializerErrorsTest {

    private final String scope = SerdeTestSupport.newScope();
    private final SchemaRegistryClient client = SerdeTestSupport.client(scope);
    private final AvroSerde<UserEvent> serde =
            AvroSerdes.specific(UserEvent.class, client, AvroSerdeConfig.defaults(), false);

    @AfterEach
    void close() {
        serde.close();
        MockSchemaRegistry.dropScope(scope);
    }

    private byte[] good() {
        return serde.serializer().serialize("user-events", SerdeTestSupport.userEvent());
    }

    private void assertFails(byte[] bytes, ErrorCode code, String... messageParts) {
        assertThatThrownBy(() -> serde.deserializer().deserialize("user-events", bytes))
                .isInstanceOf(SerializationException.class)
                .isInstanceOfSatisfying(WireFormatException.class, e -> {
                    assertThat(e.errorCode()).isEqualTo(code);
                    assertThat(e.topic()).isEqualTo("user-events");
                })
                .hasMessageContaining("'user-events'")
                .satisfies(e -> assertThat(e.getMessage()).contains(messageParts));
    }

    @Test
    void shouldRejectWrongMagicByte() {
        byte[] bytes = good();
        bytes[0] = 0x7B; // '{': someone wrote JSON
        assertFails(bytes, ErrorCode.BAD_MAGIC_BYTE, "magic byte 0x7b");
    }

    @Test
    void shouldRejectBytesShorterThanTheHeader() {
        assertFails(new byte[] {0, 0, 0}, ErrorCode.UNDECODABLE_VALUE, "too short", "3 bytes");
    }

    @Test
    void shouldRejectATruncatedBody() {
        byte[] full = good();
        int id = WireFormat.schemaId("user-events", full);
        assertFails(Arrays.copyOf(full, full.length - 4), ErrorCode.UNDECODABLE_VALUE, "schema id " + id);
    }

    @Test
    void shouldRejectAnUnknownSchemaId() {
        byte[] bytes = good();
        bytes[1] = 0x10; // id 0x10000001 or so: never registered
        assertThatThrownBy(() -> serde.deserializer().deserialize("user-events", bytes))
                .isInstanceOfSatisfying(WireFormatException.class, e -> {
                    assertThat(e.errorCode()).isEqualTo(ErrorCode.UNKNOWN_SCHEMA_ID);
                    assertThat(e.schemaId()).hasValue(WireFormat.schemaId("t", bytes));
                })
                .hasMessageContaining("'user-events'")
                .hasMessageContaining("schema id " + WireFormat.schemaId("t", bytes));
    }

    @Test
    void shouldRejectAGarbageBody() {
        byte[] header = Arrays.copyOf(good(), 5);
        byte[] garbage = new byte[header.length + 12];
        System.arraycopy(header, 0, garbage, 0, 5);
        Arrays.fill(garbage, 5, garbage.length, (byte) 0xFF);
        assertFails(garbage, ErrorCode.UNDECODABLE_VALUE, "Cannot decode");
    }

    @Test
    void shouldRejectABodyDeclaringAHugeStringLength() {
        byte[] header = Arrays.copyOf(good(), 5);
        // userId's length as zigzag varint: 2^30 bytes declared, none present.
        byte[] body = {(byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 0x08};
        byte[] bytes = new byte[10];
        System.arraycopy(header, 0, bytes, 0, 5);
        System.arraycopy(body, 0, bytes, 5, 5);
        assertFails(bytes, ErrorCode.UNDECODABLE_VALUE, "Cannot decode");
    }

    @Test
    void shouldRejectTrailingBytesAfterTheDatum() {
        byte[] full = good();
        assertFails(Arrays.copyOf(full, full.length + 2), ErrorCode.UNDECODABLE_VALUE, "trailing bytes");
    }

    @Test
    void shouldStillDecodeGoodRecordsAfterABadOne() {
        byte[] full = good();
        assertThatThrownBy(() -> serde.deserializer().deserialize("user-events", Arrays.copyOf(full, 9)))
                .isInstanceOf(WireFormatException.class);
        assertThat(serde.deserializer().deserialize("user-events", full)).isEqualTo(SerdeTestSupport.userEvent());
    }
}
