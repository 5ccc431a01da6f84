package io.inferstream.serde;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericContainer;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericEnumSymbol;
import org.apache.avro.generic.GenericFixed;
import org.apache.avro.generic.IndexedRecord;

/**
 * Plain JSON to Avro generic data and back, for tools ({@code inferstream produce} / {@code tail}).
 *
 * <p>Why not Avro's own JsonDecoder/JsonEncoder: Avro's JSON encoding wraps every non-null union value
 * ({@code {"requestId": {"string": "r1"}}}) and wants every field present, which is unfriendly to type by hand.
 * Here union values may be given plainly (the first branch that fits wins) or in Avro's wrapped form, missing
 * fields take their schema defaults, unknown fields are an error (typos), and timestamp-millis accepts an
 * ISO-8601 instant as well as epoch millis. Bytes and fixed use Avro's JSON convention (ISO-8859-1 code points).
 * Errors are {@link IllegalArgumentException}s naming the field path.
 */
public final class AvroJson {

    private static final ObjectMapper JSON = new ObjectMapper();

    private AvroJson() {
    }

    /** Parses one JSON document into a datum of {@code schema} (a GenericRecord for record schemas). */
    public static Object fromJson(Schema schema, String json) {
        JsonNode node;
        try {
            node = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Not valid JSON: " + e.getOriginalMessage(), e);
        }
        return fromJson(schema, node == null ? JsonNodeFactory.instance.missingNode() : node, "$");
    }

    /** The datum (generic, specific or primitive) as plain JSON, unions unwrapped. */
    public static String toJson(Object datum) {
        Schema schema = datum == null ? DatumSchemas.NULL : DatumSchemas.schemaOf(datum, null);
        return toNode(datum, schema).toString();
    }

    // ------------------------------------------------------------------ JSON -> Avro

    private static Object fromJson(Schema schema, JsonNode n, String path) {
        switch (schema.getType()) {
            case NULL:
                if (n.isNull() || n.isMissingNode()) {
                    return null;
                }
                throw bad(path, "null", n);
            case BOOLEAN:
                if (n.isBoolean()) {
                    return n.booleanValue();
                }
                throw bad(path, "a boolean", n);
            case INT:
                if (n.isIntegralNumber() && n.canConvertToInt()) {
                    return n.intValue();
                }
                throw bad(path, "an int", n);
            case LONG:
                if (n.isIntegralNumber() && n.canConvertToLong()) {
                    return n.longValue();
                }
                if (n.isTextual() && schema.getLogicalType() instanceof LogicalTypes.TimestampMillis) {
                    try {
                        return Instant.parse(n.textValue()).toEpochMilli();
                    } catch (DateTimeParseException e) {
                        throw bad(path, "epoch millis or an ISO-8601 instant", n);
                    }
                }
                throw bad(path, "a long", n);
            case FLOAT:
                return (float) number(n, path);
            case DOUBLE:
                return number(n, path);
            case STRING:
                if (n.isTextual()) {
                    return n.textValue();
                }
                throw bad(path, "a string", n);
            case BYTES:
                if (n.isTextual()) {
                    return ByteBuffer.wrap(n.textValue().getBytes(StandardCharsets.ISO_8859_1));
                }
                throw bad(path, "a string of bytes (ISO-8859-1 code points)", n);
            case FIXED: {
                if (!n.isTextual()) {
                    throw bad(path, "a string of " + schema.getFixedSize() + " bytes", n);
                }
                byte[] b = n.textValue().getBytes(StandardCharsets.ISO_8859_1);
                if (b.length != schema.getFixedSize()) {
                    throw new IllegalArgumentException(path + ": fixed " + schema.getFullName() + " needs "
                            + schema.getFixedSize() + " bytes, got " + b.length);
                }
                return new GenericData.Fixed(schema, b);
            }
            case ENUM:
                if (n.isTextual() && schema.hasEnumSymbol(n.textValue())) {
                    return new GenericData.EnumSymbol(schema, n.textValue());
                }
                throw bad(path, "one of " + schema.getEnumSymbols(), n);
            case ARRAY: {
                if (!n.isArray()) {
                    throw bad(path, "an array", n);
                }
                List<Object> out = new ArrayList<>(n.size());
                for (int i = 0; i < n.size(); i++) {
                    out.add(fromJson(schema.getElementType(), n.get(i), path + "[" + i + "]"));
                }
                return new GenericData.Array<>(schema, out);
            }
            case MAP: {
                if (!n.isObject()) {
                    throw bad(path, "an object (map)", n);
                }
                Map<String, Object> out = new LinkedHashMap<>();
                n.properties().forEach(e -> out.put(e.getKey(),
                        fromJson(schema.getValueType(), e.getValue(), path + "." + e.getKey())));
                return out;
            }
            case RECORD:
                return record(schema, n, path);
            case UNION:
                return union(schema, n, path);
            default:
                throw new IllegalArgumentException(path + ": unsupported Avro type " + schema.getType());
        }
    }

    private static GenericData.Record record(Schema schema, JsonNode n, String path) {
        if (!n.isObject()) {
            throw bad(path, "an object (record " + schema.getFullName() + ")", n);
        }
        GenericData.Record r = new GenericData.Record(schema);
        for (Schema.Field f : schema.getFields()) {
            JsonNode v = n.get(f.name());
            String p = path + "." + f.name();
            if (v != null) {
                r.put(f.pos(), fromJson(f.schema(), v, p));
            } else if (f.hasDefaultValue()) {
                r.put(f.pos(), GenericData.get().deepCopy(f.schema(), GenericData.get().getDefaultValue(f)));
            } else {
                throw new IllegalArgumentException(p + ": required field of " + schema.getFullName() + " is missing");
            }
        }
        Iterator<String> names = n.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (schema.getField(name) == null) {
                throw new IllegalArgumentException(path + "." + name + ": " + schema.getFullName()
                        + " has no such field; fields are " + schema.getFields().stream().map(Schema.Field::name).toList());
            }
        }
        return r;
    }

    private static Object union(Schema schema, JsonNode n, String path) {
        List<Schema> branches = schema.getTypes();
        if (n.isNull() || n.isMissingNode()) {
            for (Schema b : branches) {
                if (b.getType() == Schema.Type.NULL) {
                    return null;
                }
            }
            throw bad(path, "one of " + branchNames(branches), n);
        }
        if (n.isObject() && n.size() == 1) { // Avro's wrapped form {"type": value}
            String key = n.fieldNames().next();
            for (Schema b : branches) {
                if (key.equals(b.getFullName()) || key.equals(b.getName())) {
                    return fromJson(b, n.get(key), path);
                }
            }
        }
        IllegalArgumentException first = null;
        for (Schema b : branches) {
            if (b.getType() == Schema.Type.NULL) {
                continue;
            }
            try {
                return fromJson(b, n, path);
            } catch (IllegalArgumentException e) {
                first = first == null ? e : first;
            }
        }
        throw new IllegalArgumentException(path + ": fits no branch of " + branchNames(branches)
                + (first == null ? "" : " (" + first.getMessage() + ")"), first);
    }

    private static List<String> branchNames(List<Schema> branches) {
        return branches.stream().map(Schema::getFullName).toList();
    }

    private static double number(JsonNode n, String path) {
        if (n.isNumber()) {
            return n.doubleValue();
        }
        if (n.isTextual()) {
            switch (n.textValue()) {
                case "NaN":
                    return Double.NaN;
                case "Infinity":
                    return Double.POSITIVE_INFINITY;
                case "-Infinity":
                    return Double.NEGATIVE_INFINITY;
                default:
                    break;
            }
        }
        throw bad(path, "a number", n);
    }

    private static IllegalArgumentException bad(String path, String expected, JsonNode got) {
        String shown = got.isMissingNode() ? "nothing" : got.toString();
        if (shown.length() > 80) {
            shown = shown.substring(0, 80) + "...";
        }
        return new IllegalArgumentException(path + ": expected " + expected + ", got " + shown);
    }

    // ------------------------------------------------------------------ Avro -> JSON

    private static JsonNode toNode(Object v, Schema schema) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        switch (schema.getType()) {
            case NULL:
                return f.nullNode();
            case UNION:
                return toNode(v, schema.getTypes().get(GenericData.get().resolveUnion(schema, v)));
            case RECORD: {
                ObjectNode o = f.objectNode();
                IndexedRecord r = (IndexedRecord) v;
                for (Schema.Field field : schema.getFields()) {
                    o.set(field.name(), toNode(r.get(field.pos()), field.schema()));
                }
                return o;
            }
            case MAP: {
                ObjectNode o = f.objectNode();
                ((Map<?, ?>) v).forEach((k, val) -> o.set(String.valueOf(k), toNode(val, schema.getValueType())));
                return o;
            }
            case ARRAY: {
                ArrayNode a = f.arrayNode();
                for (Object e : (Collection<?>) v) {
                    a.add(toNode(e, schema.getElementType()));
                }
                return a;
            }
            case ENUM:
                return f.textNode(v instanceof GenericEnumSymbol<?> s ? s.toString() : v.toString());
            case FIXED:
                return f.textNode(new String(((GenericFixed) v).bytes(), StandardCharsets.ISO_8859_1));
            case BYTES: {
                ByteBuffer bb = v instanceof byte[] b ? ByteBuffer.wrap(b) : ((ByteBuffer) v).duplicate();
                byte[] b = new byte[bb.remaining()];
                bb.get(b);
                return f.textNode(new String(b, StandardCharsets.ISO_8859_1));
            }
            case STRING:
                return f.textNode(v.toString());
            case BOOLEAN:
                return f.booleanNode((Boolean) v);
            case INT:
                return v instanceof Integer i ? f.numberNode(i) : f.textNode(v.toString());
            case LONG:
                if (v instanceof Instant i) {
                    return f.numberNode(i.toEpochMilli());
                }
                return v instanceof Long l ? f.numberNode(l) : f.textNode(v.toString());
            case FLOAT:
            case DOUBLE: {
                double d = ((Number) v).doubleValue();
                if (Double.isNaN(d) || Double.isInfinite(d)) {
                    return f.textNode(Double.toString(d));
                }
                return v instanceof Float fl ? f.numberNode(fl) : f.numberNode(d);
            }
            default:
                return f.textNode(v instanceof GenericContainer ? v.toString() : String.valueOf(v));
        }
    }
}
