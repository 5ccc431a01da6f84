package io.inferstream.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.inferstream.avro.EventType;
import io.inferstream.avro.InferenceRequest;
import io.inferstream.avro.UserEvent;
import io.inferstream.registry.MockSchemaRegistry;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;

class AvroJsonTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode json(String s) throws Exception {
        return JSON.readTree(s);
    }

    private static GenericRecord record(Schema schema, String json) {
        return (GenericRecord) AvroJson.fromJson(schema, json);
    }

    @Test
    void shouldParsePlainJsonWithDefaultsUnionsAndIsoTimestamps() {
        GenericRecord r = record(UserEvent.getClassSchema(),
                "{\"userId\":\"u1\",\"itemId\":\"i9\",\"type\":\"CLICK\",\"timestamp\":\"1970-01-01T00:00:01Z\","
                        + "\"requestId\":\"r7\"}");
        assertThat(GenericData.get().validate(UserEvent.getClassSchema(), r)).isTrue();
        assertThat(r.get("userId")).isEqualTo("u1");
        assertThat(r.get("type").toString()).isEqualTo("CLICK");
        assertThat(r.get("value")).isEqualTo(1.0); // default
        assertThat(r.get("timestamp")).isEqualTo(1000L);
        assertThat(r.get("requestId")).isEqualTo("r7");
        GenericRecord millis = record(UserEvent.getClassSchema(),
                "{\"userId\":\"u1\",\"itemId\":\"i9\",\"type\":\"VIEW\",\"timestamp\":1700000000000}");
        assertThat(millis.get("timestamp")).isEqualTo(1700000000000L);
        assertThat(millis.get("requestId")).isNull();
    }

    @Test
    void shouldAcceptAvroWrappedUnionValuesToo() {
        GenericRecord wrapped = record(UserEvent.getClassSchema(),
                "{\"userId\":\"u1\",\"itemId\":\"i9\",\"type\":\"VIEW\",\"timestamp\":5,\"requestId\":{\"string\":\"r8\"}}");
        assertThat(wrapped.get("requestId")).isEqualTo("r8");
        Schema s = SchemaBuilder.record("W").fields()
                .name("m").type().unionOf().nullType().and().map().values().stringType().endUnion().noDefault()
                .name("l").type().unionOf().nullType().and().longType().endUnion().noDefault()
                .endRecord();
        GenericRecord r = record(s, "{\"m\": {\"map\": {\"k\": \"v\"}}, \"l\": {\"long\": 7}}");
        assertThat(r.get("m")).isEqualTo(Map.of("k", "v"));
        assertThat(r.get("l")).isEqualTo(7L);
    }

    @Test
    void shouldReadAMapWhoseOnlyKeyNamesABranchAsThePlainMap() {
        // The plain form wins over the wrapped one, so what toJson prints always reads back as itself.
        Schema s = SchemaBuilder.record("M").fields()
                .name("m").type().unionOf().nullType().and().map().values().stringType().endUnion().noDefault()
                .endRecord();
        GenericRecord r = record(s, "{\"m\": {\"string\": \"x\"}}");
        assertThat(r.get("m")).isEqualTo(Map.of("string", "x"));
        assertThat(AvroJson.toJson(r)).isEqualTo("{\"m\":{\"string\":\"x\"}}");
        assertThat(AvroJson.fromJson(s, AvroJson.toJson(r))).isEqualTo(r);
    }

    @Test
    void shouldConvertNestedMapsOfRecordsAndNullUnions() throws Exception {
        GenericRecord r = (GenericRecord) AvroJson.fromJson(InferenceRequest.getClassSchema(), json("""
            {"requestId": "r1", "model": null, "modelVersion": 3,
             "features": {"x": {"dtype": "FLOAT", "shape": [2], "floatValues": [1.5, "NaN"]}},
             "eventTime": "2026-11-28T16:00:00Z"}
            """));
        assertThat(r.get("model")).isNull();
        assertThat(r.get("modelVersion")).isEqualTo(3L);
        GenericRecord x = (GenericRecord) ((Map<?, ?>) r.get("features")).get("x");
        assertThat(new ArrayList<Object>((List<?>) x.get("floatValues"))).containsExactly(1.5f, Float.NaN);
        assertThat(r.get("eventTime")).isEqualTo(1795881600000L);
        assertThat(GenericData.get().validate(InferenceRequest.getClassSchema(), r)).isTrue();
    }

    @Test
    void shouldGiveEveryRecordItsOwnCopyOfDefaults() {
        GenericRecord a = record(InferenceRequest.getClassSchema(), "{\"requestId\": \"a\"}");
        GenericRecord b = record(InferenceRequest.getClassSchema(), "{\"requestId\": \"b\"}");
        @SuppressWarnings("unchecked")
        Map<Object, Object> headers = (Map<Object, Object>) a.get("headers");
        headers.put("k", "v");
        assertThat((Map<?, ?>) b.get("headers")).isEmpty();
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
            // tail: whatever comes back prints as plain JSON, the same for generic and specific data
            String out = AvroJson.toJson(any.deserializer().deserialize("requests", bytes));
            assertThat(out).contains("\"requestId\":\"r1\"", "\"model\":\"ctr\"", "\"userId\":null",
                    "\"floatValues\":[0.5,1.5]", "\"dtype\":\"FLOAT\"");
            assertThat(AvroJson.toJson(req)).isEqualTo(out);
        } finally {
            MockSchemaRegistry.dropScope(scope);
        }
    }

    @Test
    void shouldPrintGeneratedClassTimestampsAsEpochMillisLikeGenericData() {
        UserEvent e = UserEvent.newBuilder().setUserId("u").setItemId("i").setType(EventType.VIEW)
                .setTimestamp(Instant.ofEpochMilli(1700000000123L)).build();
        JsonNode out = AvroJson.toJsonNode(e);
        assertThat(out.get("timestamp").longValue()).isEqualTo(1700000000123L);
        assertThat(out.get("type").textValue()).isEqualTo("VIEW");
        assertThat(AvroJson.fromJson(UserEvent.getClassSchema(), out))
                .isEqualTo(record(UserEvent.getClassSchema(), AvroJson.toJson(e)));
    }

    @Test
    void shouldReadDateAndTimeLogicalTypesAsIsoTextOrNumbers() {
        Schema s = SchemaBuilder.record("T").fields()
                .name("micros").type(LogicalTypes.timestampMicros().addToSchema(Schema.create(Schema.Type.LONG))).noDefault()
                .name("local").type(LogicalTypes.localTimestampMillis().addToSchema(Schema.create(Schema.Type.LONG))).noDefault()
                .name("day").type(LogicalTypes.date().addToSchema(Schema.create(Schema.Type.INT))).noDefault()
                .name("time").type(LogicalTypes.timeMillis().addToSchema(Schema.create(Schema.Type.INT))).noDefault()
                .endRecord();
        GenericRecord r = record(s, "{\"micros\": \"1970-01-01T00:00:01.000002Z\", \"local\": \"1970-01-01T00:00:02\","
                + " \"day\": \"1970-01-11\", \"time\": \"00:00:03.5\"}");
        assertThat(r.get("micros")).isEqualTo(1_000_002L);
        assertThat(r.get("local")).isEqualTo(2000L);
        assertThat(r.get("day")).isEqualTo(10);
        assertThat(r.get("time")).isEqualTo(3500);
        assertThat(AvroJson.toJson(r)).isEqualTo("{\"micros\":1000002,\"local\":2000,\"day\":10,\"time\":3500}");
        assertThat(AvroJson.fromJson(s, AvroJson.toJson(r))).isEqualTo(r);
        assertThatThrownBy(() -> record(s, "{\"micros\": \"yesterday\", \"local\": 0, \"day\": 0, \"time\": 0}"))
                .isInstanceOf(AvroJsonException.class)
                .hasMessageContaining("$.micros: expected epoch micros or an ISO-8601 instant, got string \"yesterday\"");
        assertThatThrownBy(() -> record(s, "{\"micros\": 0, \"local\": 0, \"day\": \"28.11.2026\", \"time\": 0}"))
                .hasMessageContaining("$.day: expected days since 1970-01-01 or an ISO-8601 date");
    }

    @Test
    void shouldNameThePathOfBadValues() throws Exception {
        Schema s = UserEvent.getClassSchema();
        assertThatThrownBy(() -> record(s, "{\"userId\": \"u\", \"itemId\": \"i\", \"type\": \"LIKE\", \"timestamp\": 1}"))
            .isInstanceOf(AvroJsonException.class).hasMessageContaining("$.type: expected one of [VIEW, CLICK");
        assertThatThrownBy(() -> record(s, "{\"itemId\": \"i\", \"type\": \"VIEW\", \"timestamp\": 1}"))
            .hasMessageContaining("$: missing field 'userId' (string, no default)");
        assertThatThrownBy(() -> record(s, "{\"userId\": 1, \"itemId\": \"i\", \"type\": \"VIEW\", \"timestamp\": 1}"))
            .hasMessageContaining("$.userId: expected string, got number 1");
        assertThatThrownBy(() -> record(s, "{\"userId\": \"u\", \"itemId\": \"i\", \"type\": \"VIEW\", \"timestamp\": 1, \"extra\": 1}"))
            .hasMessageContaining("$: unknown field 'extra' for record UserEvent (fields: userId, itemId");
        assertThatThrownBy(() -> record(s, "{\"usrId\": \"u\", \"itemId\": \"i\", \"type\": \"VIEW\", \"timestamp\": 1}"))
            .as("a typo is reported as the unknown name, not as the missing one")
            .hasMessageContaining("unknown field 'usrId'");
        assertThatThrownBy(() -> record(s, "{\"userId\": \"u\", \"itemId\": \"i\", \"type\": \"VIEW\", \"timestamp\": 1, \"requestId\": 5}"))
            .hasMessageContaining("$.requestId: expected string, got number 5");
        assertThatThrownBy(() -> record(s, "{\"userId\": \"u\", \"itemId\": \"i\", \"type\": \"VIEW\", \"timestamp\": true}"))
            .hasMessageContaining("$.timestamp: expected epoch millis or an ISO-8601 instant, got boolean true");
        assertThatThrownBy(() -> record(s, "[]")).hasMessageContaining("$: expected object (record UserEvent), got array");
        assertThatThrownBy(() -> AvroJson.fromJson(InferenceRequest.getClassSchema(), json("""
            {"requestId": "r", "features": {"x": {"shape": ["a"]}}}""")))
            .hasMessageContaining("$.features.x.shape[0]: expected long, got string");
        Schema multi = SchemaBuilder.unionOf().intType().and().booleanType().and().stringType().endUnion();
        assertThatThrownBy(() -> AvroJson.fromJson(multi, "1.5")).hasMessageContaining("$: expected int|boolean|string, got number 1.5");
    }

    @Test
    void shouldRejectEmptyAndMalformedInput() {
        assertThatThrownBy(() -> AvroJson.fromJson(UserEvent.getClassSchema(), "{not json"))
                .isInstanceOf(AvroJsonException.class).hasMessageContaining("not valid JSON");
        assertThatThrownBy(() -> AvroJson.fromJson(UserEvent.getClassSchema(), ""))
                .isInstanceOf(AvroJsonException.class)
                .hasMessageContaining("$: expected object (record UserEvent), got nothing");
        assertThatThrownBy(() -> AvroJson.fromJson(UserEvent.getClassSchema(), (JsonNode) null))
                .hasMessageContaining("got nothing");
        assertThat(AvroJson.fromJson(SchemaBuilder.unionOf().nullType().and().stringType().endUnion(), "")).isNull();
    }

    @Test
    void shouldRoundTripBytesFixedAndNonFiniteNumbers() throws Exception {
        Schema s = SchemaBuilder.record("R").fields()
            .requiredBytes("b")
            .optionalString("o")
            .requiredDouble("d")
            .name("f").type().fixed("F").size(2).noDefault()
            .name("u").type().unionOf().intType().and().stringType().endUnion().noDefault()
            .endRecord();
        JsonNode in = json("{\"b\": \"AAEC\", \"o\": null, \"d\": \"-Infinity\", \"f\": \"AQI=\", \"u\": \"text\"}");
        GenericRecord r = (GenericRecord) AvroJson.fromJson(s, in);
        assertThat(r.get("b")).isEqualTo(ByteBuffer.wrap(new byte[] {0, 1, 2}));
        JsonNode out = AvroJson.toJsonNode(r);
        assertThat(out).isEqualTo(in);
        assertThat(AvroJson.fromJson(s, out)).isEqualTo(r);
        assertThatThrownBy(() -> AvroJson.fromJson(s, "{\"b\": \"%%\", \"d\": 1, \"f\": \"AQI=\", \"u\": 1}"))
            .hasMessageContaining("$.b: bytes must be base64");
        assertThatThrownBy(() -> AvroJson.fromJson(s, "{\"b\": \"\", \"d\": 1, \"f\": \"AQID\", \"u\": 1}"))
            .hasMessageContaining("$.f: fixed F needs 2 bytes, got 3");
    }

    @Test
    void shouldHandlePrimitivesAndNull() {
        assertThat(AvroJson.toJson("k")).isEqualTo("\"k\"");
        assertThat(AvroJson.toJson(42L)).isEqualTo("42");
        assertThat(AvroJson.toJson(null)).isEqualTo("null");
        assertThat(AvroJson.toJsonNode(null).isNull()).isTrue();
        assertThat(AvroJson.toJsonNode(Double.NaN).textValue()).isEqualTo("NaN");
        assertThat(AvroJson.toJsonNode(new byte[] {1}).textValue()).isEqualTo("AQ==");
        assertThat(AvroJson.fromJson(DatumSchemas.STRING, "\"k\"")).isEqualTo("k");
    }
}
