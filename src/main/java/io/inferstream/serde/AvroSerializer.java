package io.inferstream.serde;

import io.inferstream.registry.RegistryException;
import io.inferstream.registry.SchemaRegistryClient;
import io.inferstream.registry.SchemaRegistryClients;
import io.inferstream.registry.SchemaVersion;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Serializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes Avro data exactly as Confluent's KafkaAvroSerializer does: 0x00, the schema id (4 bytes, big-endian), the
 * Avro binary body. Handles generated (specific) records, GenericRecords and primitives.
 *
 * <p>Why it is fast: the (topic, schema) to id/writer mapping is resolved once (registry call, then cached here), the
 * last hit is checked by identity first (generated records share one Schema object), and each thread reuses one
 * output buffer and one BinaryEncoder. Thread-safe: Kafka Streams shares a serde across stream threads.
 *
 * <p>Either build it ready to use with a client and {@link AvroSerdeConfig}, or let Kafka build it (no-arg) and
 * call {@link #configure} with Confluent-style properties; then it owns and closes its registry client.
 */
public class AvroSerializer<T> implements Serializer<T> {

    private static final Logger LOG = LoggerFactory.getLogger(AvroSerializer.class);
    /** Per-thread buffers above this size are dropped after use, so one huge record does not pin memory. */
    private static final int MAX_RETAINED_BUFFER = 1 << 20;
    private static final ThreadLocal<EncoderState> STATE = ThreadLocal.withInitial(EncoderState::new);

    private SchemaRegistryClient client;
    private boolean ownsClient;
    private AvroSerdeConfig config;
    private boolean isKey;
    private SubjectNameStrategy strategy;

    private final ConcurrentHashMap<TopicSchema, Target> targets = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, SchemaVersion> latestBySubject = new ConcurrentHashMap<>();
    /** Last resolved target; immutable, so a racy read sees a whole one or an older one. */
    private Target last;

    private record TopicSchema(String topic, Schema schema) { }

    /** Where records of one schema go on one topic: the id and how to write them. */
    private record Target(String topic, Schema schema, int id, byte[] header, DatumWriter<Object> writer) {
        Target(String topic, Schema schema, int id, DatumWriter<Object> writer) {
            this(topic, schema, id, WireFormat.header(id), writer);
        }
    }

    private static final class EncoderState {
        final ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        final BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
    }

    /** For Kafka's reflective construction; {@link #configure} must be called before use. */
    public AvroSerializer() {
    }

    /** Ready to use; the client stays the caller's to close. */
    public AvroSerializer(SchemaRegistryClient client, AvroSerdeConfig config, boolean isKey) {
        init(Objects.requireNonNull(client, "client"), false, Objects.requireNonNull(config, "config"), isKey);
    }

    private void init(SchemaRegistryClient c, boolean owns, AvroSerdeConfig cfg, boolean key) {
        this.client = c;
        this.ownsClient = owns;
        this.config = cfg;
        this.isKey = key;
        this.strategy = cfg.subjectNameStrategy(key);
    }

    /**
     * Reads Confluent's properties ({@link AvroSerdeConfig#fromProperties}); needs {@code schema.registry.url}.
     * Ignored (with a debug log) when this serializer was built with a client.
     */
    @Override
    public void configure(Map<String, ?> configs, boolean key) {
        if (client != null) {
            LOG.debug("Serializer already has a registry client; configure() ignored");
            return;
        }
        AvroSerdeConfig cfg = AvroSerdeConfig.fromProperties(configs);
        if (cfg.registry() == null) {
            throw new IllegalArgumentException("Missing required property schema.registry.url");
        }
        init(SchemaRegistryClients.create(cfg.registry()), true, cfg, key);
    }

    public AvroSerdeConfig config() {
        return config;
    }

    @Override
    public byte[] serialize(String topic, Headers headers, T data) {
        return serialize(topic, data);
    }

    @Override
    public byte[] serialize(String topic, T data) {
        if (data == null) {
            return null;
        }
        if (client == null) {
            throw new IllegalStateException("AvroSerializer is not configured: call configure() or pass a client");
        }
        Schema schema = DatumSchemas.schemaOf(data, topic);
        Target t = last;
        if (t == null || t.schema != schema || t.topic != topic) {
            t = target(topic, schema);
            last = t;
        }
        Object datum = data instanceof byte[] b ? ByteBuffer.wrap(b) : data;
        EncoderState st = STATE.get();
        try {
            st.out.reset();
            st.out.write(t.header, 0, WireFormat.HEADER_SIZE);
            t.writer.write(datum, st.encoder);
            st.encoder.flush();
            return st.out.toByteArray();
        } catch (IOException | RuntimeException e) {
            STATE.remove(); // the encoder may hold a partial record
            throw new SerializationException("Cannot serialize " + what(schema) + " for topic '" + topic
                    + "' with schema id " + t.id + ": " + e, e);
        } finally {
            if (st.out.size() > MAX_RETAINED_BUFFER) {
                STATE.remove();
            }
        }
    }

    private Target target(String topic, Schema schema) {
        TopicSchema key = new TopicSchema(topic, schema);
        Target t = targets.get(key);
        if (t == null) {
            t = resolve(topic, schema);
            if (targets.size() >= 10_000) {
                targets.clear(); // bound: only reached with ever-new schemas; entries are cheap to rebuild
            }
            targets.put(key, t);
        }
        return t;
    }

    private Target resolve(String topic, Schema schema) {
        String subject;
        try {
            subject = strategy.subjectName(topic, isKey, schema);
        } catch (IllegalArgumentException e) {
            throw new SerializationException("Cannot name the subject for " + what(schema) + " on topic '" + topic
                    + "' with " + strategy + ": " + e.getMessage(), e);
        }
        try {
            if (config.autoRegisterSchemas()) {
                return new Target(topic, schema, client.register(subject, schema), writerFor(schema));
            }
            if (config.useLatestVersion()) {
                return latestTarget(topic, subject, schema);
            }
            return new Target(topic, schema, client.lookup(subject, schema).id(), writerFor(schema));
        } catch (RegistryException e) {
            if (!config.autoRegisterSchemas() && (e.errorCode() == RegistryException.SUBJECT_NOT_FOUND
                    || e.errorCode() == RegistryException.SCHEMA_NOT_FOUND)) {
                throw new SerializationException("Schema of " + what(schema) + " for topic '" + topic
                        + "' is not registered under subject '" + subject + "' and auto.register.schemas is false: "
                        + "register it first (" + e.detail() + ")", e);
            }
            throw new SerializationException("Schema registry failed for " + what(schema) + " on topic '" + topic
                    + "', subject '" + subject + "': " + e.getMessage(), e);
        }
    }

    /**
     * use.latest.version: ids come from the subject's latest version; a record whose schema differs is converted
     * to the latest schema by Avro schema resolution, which must be able to read it.
     */
    private Target latestTarget(String topic, String subject, Schema schema) {
        SchemaVersion latest = latestBySubject.computeIfAbsent(subject, client::getLatest);
        Schema target = latest.schema();
        if (target.equals(schema)) {
            return new Target(topic, schema, latest.id(), writerFor(schema));
        }
        SchemaCompatibility.SchemaPairCompatibility compat =
                SchemaCompatibility.checkReaderWriterCompatibility(target, schema);
        if (compat.getType() != SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE) {
            throw new SerializationException("use.latest.version: the latest schema of subject '" + subject
                    + "' (version " + latest.version() + ", id " + latest.id() + ") cannot read " + what(schema)
                    + " for topic '" + topic + "': " + compat.getResult().getIncompatibilities());
        }
        return new Target(topic, schema, latest.id(), new ConvertingWriter(writerFor(schema), schema, target));
    }

    @SuppressWarnings("unchecked")
    private static DatumWriter<Object> writerFor(Schema schema) {
        // Generated classes need their own SpecificData (logical-type conversions); the Schema finds it.
        Class<?> c = org.apache.avro.specific.SpecificData.get().getClass(schema);
        if (c != null && SpecificRecord.class.isAssignableFrom(c)) {
            return (DatumWriter<Object>) (DatumWriter<?>) new SpecificDatumWriter<>(schema);
        }
        return new GenericDatumWriter<>(schema, GenericData.get());
    }

    private static String what(Schema schema) {
        return schema.getType() == Schema.Type.RECORD ? "record " + schema.getFullName() : schema.getType().toString();
    }

    @Override
    public void close() {
        targets.clear();
        last = null;
        if (ownsClient && client != null) {
            client.close();
        }
    }

    /**
     * Writes a datum of one schema as another by round-tripping it through Avro schema resolution. Only for
     * use.latest.version with a record schema that differs from the latest; costs a second encode and decode.
     */
    private static final class ConvertingWriter implements DatumWriter<Object> {
        private final DatumWriter<Object> source;
        private final GenericDatumReader<Object> resolver;
        private final GenericDatumWriter<Object> target;

        ConvertingWriter(DatumWriter<Object> source, Schema from, Schema to) {
            this.source = source;
            this.resolver = new GenericDatumReader<>(from, to, GenericData.get());
            this.target = new GenericDatumWriter<>(to, GenericData.get());
        }

        @Override
        public void setSchema(Schema schema) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void write(Object datum, org.apache.avro.io.Encoder out) throws IOException {
            ByteArrayOutputStream tmp = new ByteArrayOutputStream();
            BinaryEncoder enc = EncoderFactory.get().binaryEncoder(tmp, null);
            source.write(datum, enc);
            enc.flush();
            Object converted = resolver.read(null, DecoderFactory.get().binaryDecoder(tmp.toByteArray(), null));
            target.write(converted, out);
        }
    }
}
