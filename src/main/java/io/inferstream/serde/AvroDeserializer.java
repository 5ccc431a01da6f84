package io.inferstream.serde;

import io.inferstream.registry.RegistryException;
import io.inferstream.registry.SchemaRegistryClient;
import io.inferstream.registry.SchemaRegistryClients;
import io.inferstream.serde.WireFormatException.ErrorCode;
import java.io.IOException;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads Confluent-wire-format Avro: looks up the writer schema by the id in the header (cached), and resolves it
 * against the reader schema (Avro schema resolution), so a reader on a newer compatible schema reads data written
 * with an older one and vice versa.
 *
 * <p>The reader schema is: the target class's schema (specific), or a configured reader schema (generic), or, when
 * neither is given, the writer schema itself (generic, as Confluent) or the generated class named by the writer
 * schema ({@code specific.avro.reader=true}). One DatumReader is built and cached per writer id.
 *
 * <p>Null or empty input is a tombstone and gives null. Bad bytes throw {@link WireFormatException} (a
 * SerializationException naming the topic, with BAD_MAGIC_BYTE / UNKNOWN_SCHEMA_ID / UNDECODABLE_VALUE); a registry
 * that cannot be reached throws a plain SerializationException, since the record itself may be fine.
 * Thread-safe.
 */
public class AvroDeserializer<T> implements Deserializer<T> {

    private static final Logger LOG = LoggerFactory.getLogger(AvroDeserializer.class);
    private static final ThreadLocal<BinaryDecoder[]> DECODER = ThreadLocal.withInitial(() -> new BinaryDecoder[1]);

    private SchemaRegistryClient client;
    private boolean ownsClient;
    private AvroSerdeConfig config;
    private boolean isKey;
    private Class<? extends SpecificRecord> specificClass;
    private Schema readerSchema;

    private final ConcurrentHashMap<Integer, ReaderEntry> readers = new ConcurrentHashMap<>();
    /** Last used reader; immutable, so a racy read sees a whole one or an older one. */
    private ReaderEntry last;

    private record ReaderEntry(int id, DatumReader<Object> reader) { }

    /** For Kafka's reflective construction; {@link #configure} must be called before use. */
    public AvroDeserializer() {
    }

    /**
     * Ready to use; the client stays the caller's to close.
     *
     * @param specificClass the generated class to read into, or null for generic data
     * @param readerSchema  for generic data: the schema to resolve to, or null to read with the writer schema
     */
    public AvroDeserializer(SchemaRegistryClient client, AvroSerdeConfig config, boolean isKey,
                            Class<? extends SpecificRecord> specificClass, Schema readerSchema) {
        if (specificClass != null && readerSchema != null) {
            throw new IllegalArgumentException("Give either a specific class or a generic reader schema, not both");
        }
        init(Objects.requireNonNull(client, "client"), false, Objects.requireNonNull(config, "config"), isKey,
                specificClass, readerSchema);
    }

    private void init(SchemaRegistryClient c, boolean owns, AvroSerdeConfig cfg, boolean key,
                      Class<? extends SpecificRecord> cls, Schema reader) {
        this.client = c;
        this.ownsClient = owns;
        this.config = cfg;
        this.isKey = key;
        this.specificClass = cls;
        this.readerSchema = cls != null ? SpecificData.getForClass(cls).getSchema(cls) : reader;
    }

    /**
     * Reads Confluent's properties ({@link AvroSerdeConfig#fromProperties}), including
     * {@code specific.avro.key.type}/{@code specific.avro.value.type} for the target class. Ignored (debug log)
     * when built with a client.
     */
    @Override
    public void configure(Map<String, ?> configs, boolean key) {
        if (client != null) {
            LOG.debug("Deserializer already has a registry client; configure() ignored");
            return;
        }
        AvroSerdeConfig cfg = AvroSerdeConfig.fromProperties(configs);
        if (cfg.registry() == null) {
            throw new IllegalArgumentException("Missing required property schema.registry.url");
        }
        Object type = configs.get(key ? AvroSerdeConfig.SPECIFIC_AVRO_KEY_TYPE : AvroSerdeConfig.SPECIFIC_AVRO_VALUE_TYPE);
        init(SchemaRegistryClients.create(cfg.registry()), true, cfg, key, specificType(type), null);
    }

    @SuppressWarnings("unchecked")
    private static Class<? extends SpecificRecord> specificType(Object type) {
        if (type == null) {
            return null;
        }
        try {
            Class<?> c = type instanceof Class<?> k ? k : Class.forName(type.toString().trim());
            if (!SpecificRecord.class.isAssignableFrom(c)) {
                throw new IllegalArgumentException(c.getName() + " is not a generated Avro class (SpecificRecord)");
            }
            return (Class<? extends SpecificRecord>) c;
        } catch (ClassNotFoundException e) {
            throw new IllegalArgumentException("Unknown specific Avro class '" + type + "'", e);
        }
    }

    public AvroSerdeConfig config() {
        return config;
    }

    @Override
    public T deserialize(String topic, Headers headers, byte[] data) {
        return deserialize(topic, data);
    }

    @Override
    @SuppressWarnings("unchecked")
    public T deserialize(String topic, byte[] data) {
        if (data == null || data.length == 0) {
            return null;
        }
        if (client == null) {
            throw new IllegalStateException("AvroDeserializer is not configured: call configure() or pass a client");
        }
        int id = WireFormat.schemaId(topic, data);
        ReaderEntry r = last;
        if (r == null || r.id != id) {
            r = readers.get(id);
            if (r == null) {
                r = new ReaderEntry(id, readerFor(topic, id));
                readers.put(id, r);
            }
            last = r;
        }
        BinaryDecoder[] holder = DECODER.get();
        BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(data, WireFormat.HEADER_SIZE,
                data.length - WireFormat.HEADER_SIZE, holder[0]);
        holder[0] = decoder;
        Object value;
        try {
            value = r.reader.read(null, decoder);
            if (!decoder.isEnd()) {
                throw new IOException("trailing bytes after the Avro datum");
            }
        } catch (IOException | RuntimeException e) {
            holder[0] = null;
            throw undecodable(topic, id, data, e.toString(), e);
        } catch (OutOfMemoryError e) {
            // Avro allocates a string/bytes/array by the length the data declares before reading it, so a few
            // corrupt bytes can ask for gigabytes. That one allocation failing says nothing about the heap
            // otherwise; treat it as the bad record it is rather than letting it kill the stream thread.
            holder[0] = null;
            throw undecodable(topic, id, data, "declares a length larger than the available memory", e);
        }
        // As Confluent: top-level strings come back as String, bytes as byte[].
        if (value instanceof org.apache.avro.util.Utf8 u) {
            value = u.toString();
        } else if (value instanceof java.nio.ByteBuffer bb) {
            byte[] copy = new byte[bb.remaining()];
            bb.get(copy);
            value = copy;
        }
        return (T) value;
    }

    private WireFormatException undecodable(String topic, int id, byte[] data, String why, Throwable cause) {
        return new WireFormatException(ErrorCode.UNDECODABLE_VALUE, topic, id, "Cannot decode the Avro "
                + (isKey ? "key" : "value") + " of a record from topic '" + topic + "' (" + data.length
                + " bytes) with writer schema id " + id + ": " + why, cause);
    }

    private DatumReader<Object> readerFor(String topic, int id) {
        Schema writer;
        try {
            writer = client.getById(id);
        } catch (RegistryException e) {
            if (e.errorCode() == RegistryException.SCHEMA_NOT_FOUND || e.httpStatus() == 404) {
                throw new WireFormatException(ErrorCode.UNKNOWN_SCHEMA_ID, topic, id, "Record from topic '" + topic
                        + "' names schema id " + id + ", which the registry does not know (" + e.detail() + ")", e);
            }
            throw new SerializationException("Cannot fetch schema id " + id + " for a record from topic '" + topic
                    + "': " + e.getMessage(), e);
        }
        Schema reader = readerSchema;
        SpecificData model = null;
        if (specificClass != null) {
            model = SpecificData.getForClass(specificClass);
        } else if (reader == null && config.specificAvroReader() && isNamed(writer)) {
            Class<?> c = SpecificData.get().getClass(writer);
            if (c == null) {
                throw new SerializationException("specific.avro.reader is true but no generated class "
                        + writer.getFullName() + " (schema id " + id + ", topic '" + topic + "') is on the classpath");
            }
            model = SpecificData.getForClass(c);
            reader = model.getSchema(c);
        }
        if (reader == null) {
            reader = writer;
        } else {
            SchemaCompatibility.SchemaPairCompatibility compat =
                    SchemaCompatibility.checkReaderWriterCompatibility(reader, writer);
            if (compat.getType() != SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE) {
                throw new WireFormatException(ErrorCode.UNDECODABLE_VALUE, topic, id, "Record from topic '" + topic
                        + "' was written with schema id " + id + " (" + writer.getFullName() + "), which reader "
                        + "schema " + reader.getFullName() + " cannot read: "
                        + compat.getResult().getIncompatibilities(), null);
            }
        }
        return model != null ? new SpecificDatumReader<>(writer, reader, model)
                : new GenericDatumReader<>(writer, reader, GenericData.get());
    }

    private static boolean isNamed(Schema s) {
        return s.getType() == Schema.Type.RECORD || s.getType() == Schema.Type.ENUM || s.getType() == Schema.Type.FIXED;
    }

    @Override
    public void close() {
        readers.clear();
        last = null;
        if (ownsClient && client != null) {
            client.close();
        }
    }
}
