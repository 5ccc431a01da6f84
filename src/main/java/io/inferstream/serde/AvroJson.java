package io.inferstream.serde;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.LogicalType;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericFixed;
import org.apache.avro.generic.IndexedRecord;

/**
 * Plain JSON to Avro generic data and back, for tools ({@code inferstream produce} / {@code tail}) and topologies.
 *
 * <p>Why not Avro's own JsonDecoder/JsonEncoder: Avro's JSON encoding wraps every non-null union value
 * ({@code {"requestId": {"string": "r1"}}}) and wants every field present, which is unfriendly to type by hand.
 * The plain form read here:
 * <ul>
 *   <li>union values unwrapped: {@code "userId": "u1"} or {@code null} for {@code ["null","string"]}; the first
 *       branch the value fits wins; Avro's wrapped form {@code {"string": "u1"}} is accepted too, when no branch fits
 *       the object as it is (so a map or record printed by {@link #toJson} always reads back as itself);</li>
 *   <li>missing fields take the schema's default (a fresh copy per record); a missing field without default, or an
 *       unknown field (a typo), is an error;</li>
 *   <li>bytes and fixed as base64 strings; float/double also as "NaN", "Infinity", "-Infinity";</li>
 *   <li>date/time logical types as their number or ISO-8601 text: timestamp-millis/micros/nanos as an instant
 *       ({@code "2026-11-28T16:00:00Z"}), local-timestamp-* as a local date-time, date as {@code "2026-11-28"},
 *       time-millis/micros as {@code "16:00:00.250"}; enums by symbol; maps as objects.</li>
 * </ul>
 * {@link #toJson} writes the same form (numbers for date/time types, whether the datum is generic or specific), so
 * what {@code tail} prints {@code produce} reads back unchanged. Errors are {@link AvroJsonException}s whose message
 * starts with the path of the bad value ({@code $.features.x.shape[0]}).
 */
public final class AvroJson {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final String ROOT = "$";

    private AvroJson() {
    }

    /** Parses one JSON document into a datum of {@code schema} (a GenericRecord for record schemas). */
    public static Object fromJson(Schema schema, String json) {
        JsonNode node;
        try {
            node = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new AvroJsonException("not valid JSON: " + e.getOriginalMessage(), e);
        }
        return fromJson(schema, node);
    }

    /** Converts a parsed JSON tree into a datum of {@code schema}; null (no document) reads as nothing. */
    public static Object fromJson(Schema schema, JsonNode json) {
        return read(schema, json == null ? MissingNode.getInstance() : json, ROOT);
    }

    /** The datum (generic, specific or primitive) as plain JSON text, unions unwrapped. */
    public static String toJson(Object datum) {
        return toJsonNode(datum).toString();
    }

    /** The datum (generic, specific or primitive) as a plain JSON tree, unions unwrapped. */
    public static JsonNode toJsonNode(Object datum) {
        Schema schema = datum == null ? DatumSchemas.NULL : DatumSchemas.schemaOf(datum, null);
        return write(datum, schema);
    }

    // ------------------------------------------------------------------ JSON -> Avro

    private static Object read(Schema s, JsonNode n, String path) {
        switch (s.getType()) {
            case RECORD:
                return record(s, n, path);
            case UNION:
                return union(s, n, path);
            case NULL:
                if (n.isNull() || n.isMissingNode()) {
                    return null;
                }
                throw mismatch(path, "null", n);
            case BOOLEAN:
                if (n.isBoolean()) {
                    return n.booleanValue();
                }
                throw mismatch(path, "boolean", n);
            case INT:
                if (n.isIntegralNumber() && n.canConvertToInt()) {
                    return n.intValue();
                }
                long days = temporal(s, n, path, "int");
                if (days != (int) days) {
                    throw mismatch(path, AvroJsonTime.describe(s.getLogicalType()) + " within int range", n);
                }
                return (int) days;
            case LONG:
                if (n.isIntegralNumber() && n.canConvertToLong()) {
                    return n.longValue();
                }
                return temporal(s, n, path, "long");
            case FLOAT:
                return (float) floating(n, path, "float");
            case DOUBLE:
                return floating(n, path, "double");
            case STRING:
                if (n.isTextual()) {
                    return n.textValue();
                }
                throw mismatch(path, "string", n);
            case BYTES:
                return ByteBuffer.wrap(base64(n, path, "bytes"));
            case FIXED: {
                byte[] b = base64(n, path, "fixed " + s.getName());
                if (b.length != s.getFixedSize()) {
                    throw new AvroJsonException(path + ": fixed " + s.getFullName() + " needs " + s.getFixedSize()
                            + " bytes, got " + b.length);
                }
                return new GenericData.Fixed(s, b);
            }
            case ENUM:
                if (n.isTextual() && s.hasEnumSymbol(n.textValue())) {
                    return new GenericData.EnumSymbol(s, n.textValue());
                }
                throw mismatch(path, "one of " + s.getEnumSymbols(), n);
            case ARRAY: {
                if (!n.isArray()) {
                    throw mismatch(path, "array", n);
                }
                List<Object> out = new GenericData.Array<>(n.size(), s);
                for (int i = 0; i < n.size(); i++) {
                    out.add(read(s.getElementType(), n.get(i), path + "[" + i + "]"));
                }
                return out;
            }
            case MAP: {
                if (!n.isObject()) {
                    throw mismatch(path, "object (map)", n);
                }
                Map<String, Object> out = new LinkedHashMap<>();
                n.properties().forEach(e -> out.put(e.getKey(), read(s.getValueType(), e.getValue(),
                        path + "." + e.getKey())));
                return out;
            }
            default:
                throw new AvroJsonException(path + ": unsupported Avro type " + s.getType());
        }
    }

    private static GenericData.Record record(Schema s, JsonNode n, String path) {
        if (!n.isObject()) {
            throw mismatch(path, "object (record " + s.getName() + ")", n);
        }
        // Unknown fields first: a typo'd name would otherwise surface as "missing field" for the intended one.
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (s.getField(name) == null) {
                throw new AvroJsonException(path + ": unknown field '" + name + "' for record " + s.getName()
                        + " (fields: " + String.join(", ", s.getFields().stream().map(Schema.Field::name).toList())
                        + ")");
            }
        }
        GenericData.Record r = new GenericData.Record(s);
        for (Schema.Field f : s.getFields()) {
            JsonNode v = n.get(f.name());
            if (v != null) {
                r.put(f.pos(), read(f.schema(), v, path + "." + f.name()));
            } else if (f.hasDefaultValue()) {
                // A copy: GenericData caches default values, and records must not share mutable arrays or maps.
                r.put(f.pos(), GenericData.get().deepCopy(f.schema(), GenericData.get().getDefaultValue(f)));
            } else {
                throw new AvroJsonException(path + ": missing field '" + f.name() + "' (" + typeName(f.schema())
                        + ", no default)");
            }
        }
        return r;
    }

    private static Object union(Schema s, JsonNode n, String path) {
        List<Schema> branches = s.getTypes();
        if (n.isNull() || n.isMissingNode()) {
            if (branches.stream().anyMatch(b -> b.getType() == Schema.Type.NULL)) {
                return null;
            }
            throw mismatch(path, typeName(s), n);
        }
        // Plain value first, so that a map or record printed by toJson reads back as itself even when it has a
        // single key that happens to name a branch.
        AvroJsonException first = null;
        for (Schema b : branches) {
            if (b.getType() == Schema.Type.NULL) {
                continue;
            }
            try {
                return read(b, n, path);
            } catch (AvroJsonException e) {
                first = first == null ? e : first;
            }
        }
        // Avro's JSON encoding: {"<branch name>": value}.
        if (n.isObject() && n.size() == 1) {
            String key = n.fieldNames().next();
            for (Schema b : branches) {
                if (key.equals(b.getFullName()) || key.equals(b.getName()) || key.equals(b.getType().getName())) {
                    return read(b, n.get(key), path);
                }
            }
        }
        if (branches.size() == 2 && first != null) {
            throw first; // null|T: T's own message is the helpful one
        }
        throw mismatch(path, typeName(s), n);
    }

    /** A date/time logical type given as ISO-8601 text, else a mismatch for {@code what}. */
    private static long temporal(Schema s, JsonNode n, String path, String what) {
        LogicalType lt = s.getLogicalType();
        String form = AvroJsonTime.describe(lt);
        if (form == null) {
            throw mismatch(path, what, n);
        }
        if (n.isTextual()) {
            try {
                return AvroJsonTime.parse(lt, n.textValue());
            } catch (DateTimeParseException | ArithmeticException e) {
                throw mismatch(path, form, n);
            }
        }
        throw mismatch(path, form, n);
    }

    private static double floating(JsonNode n, String path, String what) {
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
        throw mismatch(path, what, n);
    }

    private static byte[] base64(JsonNode n, String path, String what) {
        if (n.isTextual()) {
            try {
                return Base64.getDecoder().decode(n.textValue());
            } catch (IllegalArgumentException e) {
                throw new AvroJsonException(path + ": " + what + " must be base64: " + e.getMessage());
            }
        }
        throw mismatch(path, what + " (base64 string)", n);
    }

    private static AvroJsonException mismatch(String path, String expected, JsonNode n) {
        return new AvroJsonException(path + ": expected " + expected + ", got " + brief(n));
    }

    /** Avro types as people write them: {@code string}, {@code null|long}, {@code map<Feature>}. */
    private static String typeName(Schema s) {
        return switch (s.getType()) {
            case UNION -> String.join("|", s.getTypes().stream().map(AvroJson::typeName).toList());
            case RECORD, ENUM, FIXED -> s.getName();
            case ARRAY -> "array<" + typeName(s.getElementType()) + ">";
            case MAP -> "map<" + typeName(s.getValueType()) + ">";
            default -> s.getType().getName();
        };
    }

    private static String brief(JsonNode n) {
        if (n.isMissingNode()) {
            return "nothing";
        }
        if (n.isNull()) {
            return "null";
        }
        String kind = n.isTextual() ? "string" : n.isNumber() ? "number" : n.isBoolean() ? "boolean"
                : n.isArray() ? "array" : "object";
        String text = n.toString();
        return kind + " " + (text.length() > 40 ? text.substring(0, 37) + "..." : text);
    }

    // ------------------------------------------------------------------ Avro -> JSON

    private static JsonNode write(Object v, Schema s) {
        switch (s.getType()) {
            case NULL:
                return F.nullNode();
            case UNION:
                return write(v, s.getTypes().get(GenericData.get().resolveUnion(s, v)));
            case RECORD: {
                ObjectNode o = F.objectNode();
                IndexedRecord r = (IndexedRecord) v;
                for (Schema.Field field : s.getFields()) {
                    o.set(field.name(), write(r.get(field.pos()), field.schema()));
                }
                return o;
            }
            case MAP: {
                ObjectNode o = F.objectNode();
                ((Map<?, ?>) v).forEach((k, val) -> o.set(String.valueOf(k), write(val, s.getValueType())));
                return o;
            }
            case ARRAY: {
                ArrayNode a = F.arrayNode();
                for (Object e : (Collection<?>) v) {
                    a.add(write(e, s.getElementType()));
                }
                return a;
            }
            case ENUM:
            case STRING:
                return F.textNode(v.toString());
            case FIXED:
                return F.textNode(Base64.getEncoder().encodeToString(((GenericFixed) v).bytes()));
            case BYTES: {
                if (v instanceof byte[] b) {
                    return F.textNode(Base64.getEncoder().encodeToString(b));
                }
                ByteBuffer bb = ((ByteBuffer) v).duplicate();
                byte[] b = new byte[bb.remaining()];
                bb.get(b);
                return F.textNode(Base64.getEncoder().encodeToString(b));
            }
            case BOOLEAN:
                return F.booleanNode((Boolean) v);
            case INT:
            case LONG: {
                Long time = AvroJsonTime.toNumber(s.getLogicalType(), v);
                if (time != null) {
                    return s.getType() == Schema.Type.INT ? F.numberNode(time.intValue()) : F.numberNode(time);
                }
                return v instanceof Integer i ? F.numberNode(i) : F.numberNode(((Number) v).longValue());
            }
            case FLOAT:
            case DOUBLE: {
                double d = ((Number) v).doubleValue();
                if (!Double.isFinite(d)) {
                    return F.textNode(Double.toString(d));
                }
                return v instanceof Float fl ? F.numberNode(fl) : F.numberNode(d);
            }
            default:
                return F.textNode(String.valueOf(v));
        }
    }
}
