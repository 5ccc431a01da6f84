package io.inferstream.app.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.inferstream.avro.InferenceRequest;
import io.inferstream.avro.UserEvent;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;

class JsonAvroTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode json(String s) throws Exception {
        return JSON.readTree(s);
    }

    @Test
    void shouldConvertPlainJsonWithUnwrappedUnionsAndDefaults() throws Exception {
        GenericRecord r = JsonToAvro.toRecord(json("""
            {"userId": "u1", "itemId": "i9", "type": "CLICK", "timestamp": 1700000000000, "requestId": "r1"}
            """), UserEvent.getClassSchema());
        assertThat(r.get("userId")).isEqualTo("u1");
        assertThat(r.get("type").toString()).isEqualTo("CLICK");
        assertThat(r.get("value")).isEqualTo(1.0); // default
        assertThat(r.get("requestId")).isEqualTo("r1");
        assertThat(GenericData.get().validate(UserEvent.getClassSchema(), r)).isTrue();
    }

    @Test
    void shouldConvertNestedMapsOfRecordsAndNullUnions() throws Exception {
        GenericRecord r = JsonToAvro.toRecord(json("""
            {"requestId": "r1", "model": null, "modelVersion": 3,
             "features": {"x": {"dtype": "FLOAT", "shape": [2], "floatValues": [1.5, "NaN"]}},
             "eventTime": "2026-11-28T16:00:00Z"}
            """), InferenceRequest.getClassSchema());
        assertThat(r.get("model")).isNull();
        assertThat(r.get("modelVersion")).isEqualTo(3L);
        GenericRecord x = (GenericRecord) ((Map<?, ?>) r.get("features")).get("x");
        assertThat(new java.util.ArrayList<Object>((List<?>) x.get("floatValues"))).containsExactly(1.5f, Float.NaN);
        assertThat(r.get("eventTime")).isEqualTo(1795881600000L);
        assertThat(GenericData.get().validate(InferenceRequest.getClassSchema(), r)).isTrue();
    }

    @Test
    void shouldAcceptAvroWrappedUnionValuesToo() throws Exception {
        GenericRecord r = JsonToAvro.toRecord(json("""
            {"userId": "u1", "itemId": "i1", "type": "VIEW", "timestamp": 1, "requestId": {"string": "r7"}}
            """), UserEvent.getClassSchema());
        assertThat(r.get("requestId")).isEqualTo("r7");
    }

    @Test
    void shouldNameThePathOfBadValues() {
        Schema s = UserEvent.getClassSchema();
        assertThatThrownBy(() -> JsonToAvro.toRecord(json("{\"userId\": \"u\", \"itemId\": \"i\", \"type\": \"LIKE\", \"timestamp\": 1}"), s))
            .isInstanceOf(JsonAvroException.class).hasMessageContaining("$.type: expected one of [VIEW, CLICK");
        assertThatThrownBy(() -> JsonToAvro.toRecord(json("{\"itemId\": \"i\", \"type\": \"VIEW\", \"timestamp\": 1}"), s))
            .hasMessageContaining("$: missing field 'userId' (string, no default)");
        assertThatThrownBy(() -> JsonToAvro.toRecord(json("{\"userId\": 1, \"itemId\": \"i\", \"type\": \"VIEW\", \"timestamp\": 1}"), s))
            .hasMessageContaining("$.userId: expected string, got number 1");
        assertThatThrownBy(() -> JsonToAvro.toRecord(json("{\"userId\": \"u\", \"itemId\": \"i\", \"type\": \"VIEW\", \"timestamp\": 1, \"extra\": 1}"), s))
            .hasMessageContaining("unknown field 'extra'");
        assertThatThrownBy(() -> JsonToAvro.toRecord(json("{\"userId\": \"u\", \"itemId\": \"i\", \"type\": \"VIEW\", \"timestamp\": 1, \"requestId\": 5}"), s))
            .hasMessageContaining("$.requestId: expected string, got number 5");
        assertThatThrownBy(() -> JsonToAvro.toRecord(json("[]"), s)).hasMessageContaining("$: expected object (record UserEvent), got array");
        assertThatThrownBy(() -> JsonToAvro.toRecord(json("""
            {"requestId": "r", "features": {"x": {"shape": ["a"]}}}"""), InferenceRequest.getClassSchema()))
            .hasMessageContaining("$.features.x.shape[0]: expected long, got string");
    }

    @Test
    void shouldRoundTripThroughAvroToJson() throws Exception {
        Schema s = SchemaBuilder.record("R").fields()
            .requiredBytes("b")
            .optionalString("o")
            .requiredDouble("d")
            .name("f").type().fixed("F").size(2).noDefault()
            .name("u").type().unionOf().intType().and().stringType().endUnion().noDefault()
            .endRecord();
        JsonNode in = json("{\"b\": \"AAEC\", \"o\": null, \"d\": \"-Infinity\", \"f\": \"AQI=\", \"u\": \"text\"}");
        GenericRecord r = JsonToAvro.toRecord(in, s);
        assertThat(r.get("b")).isEqualTo(ByteBuffer.wrap(new byte[] {0, 1, 2}));
        JsonNode out = AvroToJson.toJson(r);
        assertThat(out).isEqualTo(in);
        assertThat(JsonToAvro.toRecord(out, s)).isEqualTo(r);
    }

    @Test
    void shouldPrintPrimitivesAndNull() {
        assertThat(AvroToJson.toJson(null).isNull()).isTrue();
        assertThat(AvroToJson.toJson("x").textValue()).isEqualTo("x");
        assertThat(AvroToJson.toJson(Double.NaN).textValue()).isEqualTo("NaN");
        assertThat(AvroToJson.toJson(new byte[] {1}).textValue()).isEqualTo("AQ==");
    }
}
