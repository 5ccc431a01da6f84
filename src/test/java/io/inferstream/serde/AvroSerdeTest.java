package io.inferstream.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.inferstream.avro.DType;
import io.inferstream.avro.InferenceRequest;
import io.inferstream.avro.Tensor;
import io.inferstream.avro.UserEvent;
import io.inferstream.registry.MockSchemaRegistry;
import io.inferstream.registry.SchemaRegistryClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AvroSerdeTest {

    private static final Schema POINT_V1 = new Schema.Parser().parse("""
            {"type":"record","name":"Point","namespace":"test.evo","fields":[
              {"name":"x","type":"int"},{"name":"label","type":"string"}]}""");
    private static final Schema POINT_V2 = new Schema.Parser().parse("""
            {"type":"record","name":"Point","namespace":"test.evo","fields":[
              {"name":"x","type":"int"},{"name":"label","type":"string"},
              {"name":"score","type":"double","default":0.5}]}""");
    private static final Schema POINT_REQUIRES_Z = new Schema.Parser().parse("""
            {"type":"record","name":"Point","namespace":"test.evo","fields":[
              {"name":"x","type":"int"},{"name":"z","type":"int"}]}""");

    private final String scope = SerdeTestSupport.newScope();
    private final SchemaRegistryClient client = SerdeTestSupport.client(scope);

    @AfterEach
    void dropScope() {
        MockSchemaRegistry.dropScope(scope);
    }

    private static GenericRecord point(Schema schema, int x, String label) {
        GenericRecord r = new GenericData.Record(schema);
        r.put("x", x);
        r.put("label", label);
        return r;
    }

    @Test
    void shouldRoundTripSpecificRecords() {
        try (AvroSerde<UserEvent> serde = AvroSerdes.specific(UserEvent.class, client, AvroSerdeConfig.defaults(),
                false)) {
            UserEvent in = SerdeTestSupport.userEvent();
            in.setRequestId("req-7");
            byte[] bytes = serde.serializer().serialize("user-events", in);
            UserEvent out = serde.deserializer().deserialize("user-events", bytes);
            assertThat(out).isEqualTo(in);
            assertThat(out.getRequestId()).isInstanceOf(String.class);
        }
    }

    @Test
    void shouldRoundTripInferenceRequestWithTensors() {
        InferenceRequest in = InferenceRequest.newBuilder().setRequestId("r1").setModel("ctr")
                .setFeatures(Map.of("dense", Tensor.newBuilder().setDtype(DType.FLOAT).setShape(List.of(1L, 3L))
                        .setFloatValues(List.of(0.1f, 0.2f, 0.3f)).build()))
                .setCategorical(Map.of("country", "NZ")).setUserId("u1").build();
        try (AvroSerde<InferenceRequest> serde = AvroSerdes.specific(InferenceRequest.class, client,
                AvroSerdeConfig.defaults(), false)) {
            byte[] bytes = serde.serializer().serialize("requests", in);
            assertThat(serde.deserializer().deserialize("requests", bytes)).isEqualTo(in);
        }
    }

    @Test
    void shouldRoundTripGenericRecords() {
        try (AvroSerde<GenericRecord> serde = AvroSerdes.generic(client, AvroSerdeConfig.defaults(), null, false)) {
            GenericRecord in = point(POINT_V1, 7, "seven");
            GenericRecord out = serde.deserializer().deserialize("points",
                    serde.serializer().serialize("points", in));
            assertThat(out.getSchema()).isEqualTo(POINT_V1);
            assertThat(out.get("x")).isEqualTo(7);
            assertThat(out.get("label").toString()).isEqualTo("seven");
        }
    }

    @Test
    void shouldReadGenericBytesOfAGeneratedClassAsThatClass() {
        // What `inferstream produce` does: a GenericRecord of a generated class's schema, read by the app's serde.
        GenericRecord generic = new GenericData.Record(UserEvent.getClassSchema());
        generic.put("userId", "u2");
        generic.put("itemId", "i2");
        generic.put("type", new GenericData.EnumSymbol(UserEvent.getClassSchema().getField("type").schema(), "VIEW"));
        generic.put("value", 1.0);
        generic.put("timestamp", 5000L);
        generic.put("requestId", null);
        try (AvroSerde<GenericRecord> g = AvroSerdes.generic(client, AvroSerdeConfig.defaults(), null, false);
             AvroSerde<UserEvent> s = AvroSerdes.specific(UserEvent.class, client, AvroSerdeConfig.defaults(),
                     false)) {
            UserEvent out = s.deserializer().deserialize("t", g.serializer().serialize("t", generic));
            assertThat(out.getUserId()).isEqualTo("u2");
            assertThat(out.getTimestamp().toEpochMilli()).isEqualTo(5000L);
        }
    }

    @Test
    void shouldRoundTripPrimitivesAsConfluentDoes() {
        try (AvroSerde<Object> serde = AvroSerdes.any(client, AvroSerdeConfig.defaults(), true)) {
            for (Object v : List.of("key-1", 42, 7L, 2.5d, 1.5f, true)) {
                // One topic per type: the registry (BACKWARD) rightly refuses a string subject turning int.
                String topic = "t-" + v.getClass().getSimpleName();
                assertThat(serde.deserializer().deserialize(topic, serde.serializer().serialize(topic, v)))
                        .isEqualTo(v);
            }
            byte[] raw = {1, 2, 3};
            assertThat((byte[]) serde.deserializer().deserialize("t", serde.serializer().serialize("t", raw)))
                    .containsExactly(1, 2, 3);
            assertThat(client.subjects()).contains("t-String-key", "t-key");
        }
    }

    @Test
    void shouldReadOldRecordsWithANewerReaderSchemaThatAddsADefaultedField() {
        try (AvroSerde<GenericRecord> v1 = AvroSerdes.generic(client, AvroSerdeConfig.defaults(), null, false);
             AvroSerde<GenericRecord> v2 = AvroSerdes.generic(client, AvroSerdeConfig.defaults(), POINT_V2, false)) {
            byte[] old = v1.serializer().serialize("points", point(POINT_V1, 1, "one"));
            GenericRecord read = v2.deserializer().deserialize("points", old);
            assertThat(read.getSchema()).isEqualTo(POINT_V2);
            assertThat(read.get("x")).isEqualTo(1);
            assertThat(read.get("score")).isEqualTo(0.5);
        }
    }

    @Test
    void shouldReadNewerRecordsWithAnOlderReaderThatLacksARemovedField() {
        try (AvroSerde<GenericRecord> v2 = AvroSerdes.generic(client, AvroSerdeConfig.defaults(), null, false);
             AvroSerde<GenericRecord> v1 = AvroSerdes.generic(client, AvroSerdeConfig.defaults(), POINT_V1, false)) {
            GenericRecord rec = point(POINT_V2, 2, "two");
            rec.put("score", 9.0);
            GenericRecord read = v1.deserializer().deserialize("points", v2.serializer().serialize("points", rec));
            assertThat(read.getSchema()).isEqualTo(POINT_V1);
            assertThat(read.get("x")).isEqualTo(2);
            assertThat(read.get("label").toString()).isEqualTo("two");
        }
    }

    @Test
    void shouldReadOlderWriterSchemaIntoTheGeneratedClassFillingDefaults() {
        // An older UserEvent without `value` and `requestId` (both defaulted in the current schema).
        Schema old = new Schema.Parser().parse("""
                {"type":"record","name":"UserEvent","namespace":"io.inferstream.avro","fields":[
                  {"name":"userId","type":"string"},{"name":"itemId","type":"string"},
                  {"name":"type","type":{"type":"enum","name":"EventType",
                    "symbols":["VIEW","CLICK","PURCHASE","RATING","UNKNOWN"],"default":"UNKNOWN"}},
                  {"name":"timestamp","type":{"type":"long","logicalType":"timestamp-millis"}},
                  {"name":"legacy","type":"string","default":""}]}""");
        GenericRecord rec = new GenericData.Record(old);
        rec.put("userId", "u3");
        rec.put("itemId", "i3");
        rec.put("type", new GenericData.EnumSymbol(old.getField("type").schema(), "PURCHASE"));
        rec.put("timestamp", 77L);
        rec.put("legacy", "dropped by the reader");
        AvroSerdeConfig cfg = AvroSerdeConfig.defaults();
        try (AvroSerializer<GenericRecord> ser = new AvroSerializer<>(client, cfg, false);
             AvroSerde<UserEvent> specific = AvroSerdes.specific(UserEvent.class, client, cfg, false)) {
            UserEvent e = specific.deserializer().deserialize("user-events", ser.serialize("user-events", rec));
            assertThat(e.getUserId()).isEqualTo("u3");
            assertThat(e.getValue()).isEqualTo(1.0);
            assertThat(e.getRequestId()).isNull();
            assertThat(e.getTimestamp().toEpochMilli()).isEqualTo(77L);
        }
    }

    @Test
    void shouldRejectWriterSchemaTheReaderCannotReadNamingTopicAndId() {
        try (AvroSerde<GenericRecord> v1 = AvroSerdes.generic(client, AvroSerdeConfig.defaults(), null, false);
             AvroSerde<GenericRecord> needsZ = AvroSerdes.generic(client, AvroSerdeConfig.defaults(),
                     POINT_REQUIRES_Z, false)) {
            byte[] bytes = v1.serializer().serialize("points", point(POINT_V1, 1, "one"));
            int id = WireFormat.schemaId("points", bytes);
            assertThatThrownBy(() -> needsZ.deserializer().deserialize("points", bytes))
                    .isInstanceOfSatisfying(WireFormatException.class, e -> {
                        assertThat(e.errorCode()).isEqualTo(WireFormatException.ErrorCode.UNDECODABLE_VALUE);
                        assertThat(e.schemaId()).hasValue(id);
                    })
                    .hasMessageContaining("'points'").hasMessageContaining("schema id " + id)
                    .hasMessageContaining("z");
        }
    }

    @Test
    void shouldFailClearlyWhenAutoRegisterIsOffAndTheSchemaIsUnknown() {
        AvroSerdeConfig cfg = AvroSerdeConfig.defaults().withAutoRegister(false);
        try (AvroSerializer<UserEvent> ser = new AvroSerializer<>(client, cfg, false)) {
            assertThatThrownBy(() -> ser.serialize("user-events", SerdeTestSupport.userEvent()))
                    .isInstanceOf(SerializationException.class)
                    .hasMessageContaining("'user-events'")
                    .hasMessageContaining("subject 'user-events-value'")
                    .hasMessageContaining("auto.register.schemas is false");
            assertThat(client.subjects()).isEmpty();
        }
    }

    @Test
    void shouldLookUpRegisteredSchemaWhenAutoRegisterIsOff() {
        int id = client.register("user-events-value", UserEvent.getClassSchema());
        AvroSerdeConfig cfg = AvroSerdeConfig.defaults().withAutoRegister(false);
        try (AvroSerializer<UserEvent> ser = new AvroSerializer<>(client, cfg, false)) {
            assertThat(WireFormat.schemaId("user-events", ser.serialize("user-events", SerdeTestSupport.userEvent())))
                    .isEqualTo(id);
            assertThat(client.versions("user-events-value")).containsExactly(1);
        }
    }

    @Test
    void shouldWriteWithTheLatestVersionWhenUseLatestVersionIsOn() {
        client.register("points-value", POINT_V1);
        int v2 = client.register("points-value", POINT_V2);
        AvroSerdeConfig cfg = AvroSerdeConfig.defaults().withAutoRegister(false).withUseLatestVersion(true);
        try (AvroSerializer<GenericRecord> ser = new AvroSerializer<>(client, cfg, false);
             AvroDeserializer<GenericRecord> de = new AvroDeserializer<>(client, cfg, false, null, null)) {
            byte[] bytes = ser.serialize("points", point(POINT_V1, 3, "three"));
            assertThat(WireFormat.schemaId("points", bytes)).isEqualTo(v2);
            GenericRecord read = de.deserialize("points", bytes);
            assertThat(read.get("x")).isEqualTo(3);
            assertThat(read.get("score")).isEqualTo(0.5);
        }
    }

    @Test
    void shouldNameSubjectsByTopicByDefaultAndByRecordWhenConfigured() {
        UserEvent e = SerdeTestSupport.userEvent();
        AvroSerdeConfig base = AvroSerdeConfig.defaults();
        try (AvroSerializer<UserEvent> topicValue = new AvroSerializer<>(client, base, false);
             AvroSerializer<UserEvent> topicKey = new AvroSerializer<>(client, base, true);
             AvroSerializer<UserEvent> record = new AvroSerializer<>(client,
                     base.withSubjectNameStrategy(SubjectNameStrategy.RECORD), false);
             AvroSerializer<UserEvent> topicRecord = new AvroSerializer<>(client,
                     base.withSubjectNameStrategy(SubjectNameStrategy.TOPIC_RECORD), false)) {
            topicValue.serialize("events", e);
            topicKey.serialize("events", e);
            record.serialize("events", e);
            record.serialize("other-events", e);
            topicRecord.serialize("events", e);
        }
        assertThat(client.subjects()).containsExactlyInAnyOrder("events-value", "events-key",
                "io.inferstream.avro.UserEvent", "events-io.inferstream.avro.UserEvent");
    }

    @Test
    void shouldReadConfluentPropertyNames() {
        Map<String, Object> props = Map.of(
                "schema.registry.url", "mock://" + scope,
                "auto.register.schemas", "false",
                "use.latest.version", true,
                "specific.avro.reader", "true",
                "value.subject.name.strategy", "io.confluent.kafka.serializers.subject.RecordNameStrategy",
                "key.subject.name.strategy", TopicRecordNameStrategy.class.getName());
        AvroSerdeConfig cfg = AvroSerdeConfig.fromProperties(props);
        assertThat(cfg.autoRegisterSchemas()).isFalse();
        assertThat(cfg.useLatestVersion()).isTrue();
        assertThat(cfg.specificAvroReader()).isTrue();
        assertThat(cfg.valueSubjectNameStrategy()).isInstanceOf(RecordNameStrategy.class);
        assertThat(cfg.keySubjectNameStrategy()).isInstanceOf(TopicRecordNameStrategy.class);
        assertThat(cfg.registry().isMock()).isTrue();
        assertThat(cfg.registry().mockScope()).isEqualTo(scope);
        assertThat(AvroSerdeConfig.fromProperties(Map.of()).autoRegisterSchemas()).isTrue();
        assertThatThrownBy(() -> AvroSerdeConfig.fromProperties(Map.of("value.subject.name.strategy", "Nope")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Nope");
    }

    @Test
    void shouldWorkWhenKafkaBuildsAndConfiguresIt() {
        Map<String, Object> props = Map.of("schema.registry.url", "mock://" + scope, "specific.avro.reader", "true");
        try (AvroSerializer<Object> ser = new AvroSerializer<>();
             AvroDeserializer<Object> de = new AvroDeserializer<>()) {
            ser.configure(props, false);
            de.configure(props, false);
            Object read = de.deserialize("user-events", ser.serialize("user-events", SerdeTestSupport.userEvent()));
            assertThat(read).isInstanceOf(UserEvent.class).isEqualTo(SerdeTestSupport.userEvent());
        }
        assertThatThrownBy(() -> new AvroSerializer<>().configure(Map.of(), false))
                .hasMessageContaining("schema.registry.url");
    }

    @Test
    void shouldBuildSerdesFromPropertiesWithTheirOwnClient() {
        try (AvroSerde<UserEvent> serde = AvroSerdes.specific(UserEvent.class,
                Map.of("schema.registry.url", "mock://" + scope), false)) {
            UserEvent e = SerdeTestSupport.userEvent();
            assertThat(serde.deserializer().deserialize("t", serde.serializer().serialize("t", e))).isEqualTo(e);
        }
        assertThat(client.subjects()).containsExactly("t-value");
    }

    @Test
    void shouldPassNullThroughAsTombstone() {
        try (AvroSerde<UserEvent> serde = AvroSerdes.specific(UserEvent.class, client, AvroSerdeConfig.defaults(),
                false)) {
            assertThat(serde.serializer().serialize("t", null)).isNull();
            assertThat(serde.deserializer().deserialize("t", null)).isNull();
            assertThat(serde.deserializer().deserialize("t", new byte[0])).isNull();
        }
    }

    @Test
    void shouldNameTheTopicWhenARecordCannotBeWritten() {
        GenericRecord incomplete = new GenericData.Record(POINT_V1);
        incomplete.put("x", 1); // label missing
        try (AvroSerializer<GenericRecord> ser = new AvroSerializer<>(client, AvroSerdeConfig.defaults(), false)) {
            assertThatThrownBy(() -> ser.serialize("points", incomplete))
                    .isInstanceOf(SerializationException.class)
                    .hasMessageContaining("'points'").hasMessageContaining("test.evo.Point");
            // The thread's encoder is still good afterwards.
            assertThat(ser.serialize("points", point(POINT_V1, 1, "ok"))).hasSize(5 + 1 + 3);
        }
    }

    @Test
    void shouldBeSafeToShareAcrossThreads() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try (AvroSerde<UserEvent> serde = AvroSerdes.specific(UserEvent.class, client, AvroSerdeConfig.defaults(),
                false)) {
            List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int thread = t;
                results.add(pool.submit(() -> {
                    int ok = 0;
                    for (int i = 0; i < 2000; i++) {
                        UserEvent e = SerdeTestSupport.userEvent();
                        e.setUserId("u" + thread + "-" + i);
                        String topic = i % 2 == 0 ? "a" : "b";
                        UserEvent back = serde.deserializer().deserialize(topic,
                                serde.serializer().serialize(topic, e));
                        ok += back.equals(e) ? 1 : 0;
                    }
                    return ok;
                }));
            }
            for (Future<Integer> f : results) {
                assertThat(f.get(60, TimeUnit.SECONDS)).isEqualTo(2000);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
