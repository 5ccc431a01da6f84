package io.inferstream.app.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.Collection;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericContainer;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericFixed;
import org.apache.avro.generic.IndexedRecord;

/**
 * Avro generic data to plain JSON: the form {@link JsonToAvro} reads (unions unwrapped, bytes as base64,
 * non-finite floats as "NaN"/"Infinity"). Written by hand because {@code GenericData#toString} is not valid JSON
 * for NaN and bytes, and Avro's JSON encoder wraps union values.
 */
public final class AvroToJson {

    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private AvroToJson() {
    }

    /** Any datum the Avro deserializer returns: records, enums, fixed, and primitives. */
    public static JsonNode toJson(Object datum) {
        if (datum instanceof GenericContainer c) {
            return toJson(datum, c.getSchema());
        }
        return primitive(datum);
    }

    public static JsonNode toJson(Object datum, Schema s) {
        switch (s.getType()) {
            case RECORD: {
                IndexedRecord r = (IndexedRecord) datum;
                ObjectNode o = F.objectNode();
                for (Schema.Field f : s.getFields()) {
                    o.set(f.name(), toJson(r.get(f.pos()), f.schema()));
                }
                return o;
            }
            case UNION:
                return toJson(datum, s.getTypes().get(GenericData.get().resolveUnion(s, datum)));
            case ARRAY: {
                ArrayNode a = F.arrayNode();
                for (Object e : (Collection<?>) datum) {
                    a.add(toJson(e, s.getElementType()));
                }
                return a;
            }
            case MAP: {
                ObjectNode o = F.objectNode();
                for (Map.Entry<?, ?> e : ((Map<?, ?>) datum).entrySet()) {
                    o.set(e.getKey().toString(), toJson(e.getValue(), s.getValueType()));
                }
                return o;
            }
            case FIXED:
                return F.textNode(Base64.getEncoder().encodeToString(((GenericFixed) datum).bytes()));
            case ENUM:
                return F.textNode(datum.toString());
            default:
                return primitive(datum);
        }
    }

    private static JsonNode primitive(Object v) {
        if (v == null) {
            return F.nullNode();
        }
        if (v instanceof CharSequence cs) {
            return F.textNode(cs.toString());
        }
        if (v instanceof Integer i) {
            return F.numberNode(i);
        }
        if (v instanceof Long l) {
            return F.numberNode(l);
        }
        if (v instanceof Float f) {
            return Float.isFinite(f) ? F.numberNode(f) : F.textNode(f.toString());
        }
        if (v instanceof Double d) {
            return Double.isFinite(d) ? F.numberNode(d) : F.textNode(d.toString());
        }
        if (v instanceof Boolean b) {
            return F.booleanNode(b);
        }
        if (v instanceof ByteBuffer bb) {
            ByteBuffer dup = bb.duplicate();
            byte[] bytes = new byte[dup.remaining()];
            dup.get(bytes);
            return F.textNode(Base64.getEncoder().encodeToString(bytes));
        }
        if (v instanceof byte[] bytes) {
            return F.textNode(Base64.getEncoder().encodeToString(bytes));
        }
        if (v instanceof GenericFixed fx) {
            return F.textNode(Base64.getEncoder().encodeToString(fx.bytes()));
        }
        return F.textNode(v.toString());
    }
}
