package io.inferstream.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.inferstream.avro.InferenceRequest;
import io.inferstream.avro.UserEvent;
import io.inferstream.registry.MockSchemaRegistry;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;

class AvroJsonTest {

    @Test
    void shouldParsePlainJsonWithDefaultsUnionsAndIsoTimestamps() {
        GenericRecord r = (GenericRecord) AvroJson.fromJson(UserEvent.getClassSchema(),
                "{\"userId\":\"u1\",\"itemId\":\"i9\",\"type\":\"CLICK\",\"timestamp\":\"1970-01-01T00:00:01Z\","
                        + "\"requestId\":\"r7\"}");
        assertThat(GenericData.get().validate(UserEvent.getClassSchema(), r)).isTrue();
        assertThat(r.get("value")).isEqualTo(1.0);
        assertThat(r.get("timestamp")).isEqualTo(1000L);
        assertThat(r.get("requestId")).isEqualTo("r7");
        GenericRecord wrapped = (GenericRecord) AvroJson.fromJson(UserEvent.getClassSchema(),
                "{\"userId\":\"u1\",\"itemId\":\"i9\",\"type\":\"VIEW\",\"timestamp\":5,\"requestId\":{\"string\":\"r8\"}}");
        assertThat(wrapped.get("requestId")).isEqualTo("r8");
    }

    @Test
    void shouldProduceJsonThatAConsumerCanReadBackToTheGeneratedClass() {
        String scope = SerdeTestSupport.newScope();
        String json = "{\"requestId\":\"r1\",\"model\":\"ctr\",\"features\":{\"x\":{\"dtype\":\"FLOAT\","
                + "\"shape\":[1,2],\"floatValues\":[0.5,1.5]}},\"categorical\":{\"c\":\"NZ\"}}";
        try (AvroSerde<Object> any = AvroSerdes.any(AvroSerdeConfig.of("mock://" + scope), false);
             AvroSerde<InferenceRequest> specific = AvroSerdes.specific(InferenceRequest.class,
                     AvroSerdeConfig.of("mock://" + scope), false)) {
            byte[] bytes = any.serializer().serialize("requests",
                    AvroJson.fromJson(InferenceRequest.getClassSchema(), json));
            InferenceRequest req = specific.deserializer().deserialize("requests", bytes);
            assertThat(req.getFeatures().get("x").getFloatValues()).containsExactly(0.5f, 1.5f);
            assertThat(req.getUserId()).isNull();
            // tail: whatever comes back prints as plain JSON
            String out = AvroJson.toJson(any.deserializer().deserialize("requests", bytes));
            assertThat(out).contains("\"requestId\":\"r1\"", "\"model\":\"ctr\"", "\"userId\":null",
                    "\"floatValues\":[0.5,1.5]", "\"dtype\":\"FLOAT\"");
            assertThat(AvroJson.toJson(req)).isEqualTo(out);
        } finally {
            MockSchemaRegistry.dropScope(scope);
        }
    }

    @Test
    void shouldNameTheFieldInErrors() {
        assertThatThrownBy(() -> AvroJson.fromJson(UserEvent.getClassSchema(), "{\"userId\":\"u\"}"))
                .hasMessageContaining("$.itemId").hasMessageContaining("missing");
        assertThatThrownBy(() -> AvroJson.fromJson(UserEvent.getClassSchema(),
                "{\"userId\":\"u\",\"itemId\":\"i\",\"type\":\"LIKE\",\"timestamp\":1}"))
                .hasMessageContaining("$.type").hasMessageContaining("CLICK");
        assertThatThrownBy(() -> AvroJson.fromJson(UserEvent.getClassSchema(),
                "{\"userId\":\"u\",\"itemId\":\"i\",\"type\":\"VIEW\",\"timestamp\":1,\"usrId\":2}"))
                .hasMessageContaining("$.usrId").hasMessageContaining("no such field");
        assertThatThrownBy(() -> AvroJson.fromJson(UserEvent.getClassSchema(), "{not json"))
                .hasMessageContaining("Not valid JSON");
        assertThatThrownBy(() -> AvroJson.fromJson(UserEvent.getClassSchema(), ""))
                .hasMessageContaining("$");
    }

    @Test
    void shouldHandlePrimitives() {
        assertThat(AvroJson.toJson("k")).isEqualTo("\"k\"");
        assertThat(AvroJson.toJson(42L)).isEqualTo("42");
        assertThat(AvroJson.toJson(null)).isEqualTo("null");
        assertThat(AvroJson.fromJson(DatumSchemas.STRING, "\"k\"")).isEqualTo("k");
    }
}
