package io.inferstream.app.json;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;

/**
 * Converts plain JSON (what people write and what other tools emit) to Avro generic data for a schema.
 *
 * <p>Avro's own JSON encoding ({@code DecoderFactory#jsonDecoder}) requires every non-null union value wrapped as
 * {@code {"string": "x"}} and every field present; this converter is written by hand so people can type the
 * obvious JSON instead:
 * <ul>
 *   <li>union values unwrapped: {@code "userId": "u1"} or {@code null} for {@code ["null","string"]}; the first
 *       branch the value fits is used; Avro's wrapped form {@code {"string": "u1"}} is accepted too, when no branch
 *       fits the object as it is;</li>
 *   <li>missing fields take the schema's default; a missing field without default, or an unknown field, is an
 *       error naming the field;</li>
 *   <li>bytes and fixed as base64 strings; float/double also as "NaN", "Infinity", "-Infinity";</li>
 *   <li>timestamp-millis/micros longs also as ISO-8601 instants ("2026-11-28T16:00:00Z").</li>
 * </ul>
 * {@link AvroToJson} writes the same form, so what {@code tail} prints {@code produce} reads back.
 */
public final class JsonToAvro {

    private JsonToAvro() {
    }

    /** The record (or other datum) for {@code schema}; throws {@link JsonAvroException} naming the bad path. */
    public static Object convert(JsonNode json, Schema schema) {
        return convert(json, schema, "$");
    }

    /** Convenience for record schemas. */
    public static GenericRecord toRecord(JsonNode json, Schema recordSchema) {
        if (recordSchema.getType() != Schema.Type.RECORD) {
            throw new IllegalArgumentException("Not a record schema: " + recordSchema.getFullName());
        }
        return (GenericRecord) convert(json, recordSchema, "$");
    }

    private static Object convert(JsonNode n, Schema s, String path) {
        switch (s.getType()) {
            case RECORD:
                return record(n, s, path);
            case UNION:
                return union(n, s, path);
            case NULL:
                if (n == null || n.isNull()) {
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
                throw mismatch(path, "int", n);
            case LONG:
                return longValue(n, s, path);
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
                byte[] b = base64(n, path, "fixed");
                if (b.length != s.getFixedSize()) {
                    throw new JsonAvroException(path + ": fixed " + s.getFullName() + " needs " + s.getFixedSize()
                        + " bytes, got " + b.length);
                }
                return new GenericData.Fixed(s, b);
            }
            case ENUM:
                if (n.isTextual() && s.getEnumSymbols().contains(n.textValue())) {
                    return new GenericData.EnumSymbol(s, n.textValue());
                }
                throw new JsonAvroException(path + ": expected one of " + s.getEnumSymbols() + ", got " + brief(n));
            case ARRAY: {
                if (!n.isArray()) {
                    throw mismatch(path, "array", n);
                }
                List<Object> out = new GenericData.Array<>(n.size(), s);
                for (int i = 0; i < n.size(); i++) {
                    out.add(convert(n.get(i), s.getElementType(), path + "[" + i + "]"));
                }
                return out;
            }
            case MAP: {
                if (!n.isObject()) {
                    throw mismatch(path, "object (map)", n);
                }
                Map<String, Object> out = new LinkedHashMap<>();
                for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    out.put(e.getKey(), convert(e.getValue(), s.getValueType(), path + "." + e.getKey()));
                }
                return out;
            }
            default:
                throw new JsonAvroException(path + ": unsupported Avro type " + s.getType());
        }
    }

    private static GenericRecord record(JsonNode n, Schema s, String path) {
        if (!n.isObject()) {
            throw mismatch(path, "object (record " + s.getName() + ")", n);
        }
        GenericData.Record r = new GenericData.Record(s);
        for (Schema.Field f : s.getFields()) {
            JsonNode v = n.get(f.name());
            if (v == null) {
                if (!f.hasDefaultValue()) {
                    throw new JsonAvroException(path + ": missing field '" + f.name() + "' (" + typeName(f.schema())
                        + ", no default)");
                }
                r.put(f.pos(), GenericData.get().getDefaultValue(f));
            } else {
                r.put(f.pos(), convert(v, f.schema(), path + "." + f.name()));
            }
        }
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (s.getField(name) == null) {
                List<String> known = new ArrayList<>();
                s.getFields().forEach(f -> known.add(f.name()));
                throw new JsonAvroException(path + ": unknown field '" + name + "' for record " + s.getName()
                    + " (fields: " + String.join(", ", known) + ")");
            }
        }
        return r;
    }

    private static Object union(JsonNode n, Schema s, String path) {
        if (n == null || n.isNull()) {
            for (Schema b : s.getTypes()) {
                if (b.getType() == Schema.Type.NULL) {
                    return null;
                }
            }
            throw mismatch(path, typeName(s), n);
        }
        JsonAvroException first = null;
        for (Schema b : s.getTypes()) {
            if (b.getType() == Schema.Type.NULL) {
                continue;
            }
            try {
                return convert(n, b, path);
            } catch (JsonAvroException e) {
                if (first == null) {
                    first = e;
                }
            }
        }
        // Avro's JSON encoding: {"<branch name>": value}.
        if (n.isObject() && n.size() == 1) {
            String branch = n.fieldNames().next();
            for (Schema b : s.getTypes()) {
                if (branch.equals(b.getFullName()) || branch.equals(b.getName()) || branch.equals(b.getType().getName())) {
                    return convert(n.get(branch), b, path);
                }
            }
        }
        if (s.getTypes().size() == 2 && first != null) {
            throw first; // null|T: T's own message is the helpful one
        }
        throw mismatch(path, typeName(s), n);
    }

    private static long longValue(JsonNode n, Schema s, String path) {
        if (n.isIntegralNumber() && n.canConvertToLong()) {
            return n.longValue();
        }
        LogicalType lt = s.getLogicalType();
        if (n.isTextual() && (lt instanceof LogicalTypes.TimestampMillis || lt instanceof LogicalTypes.TimestampMicros)) {
            try {
                Instant i = Instant.parse(n.textValue());
                return lt instanceof LogicalTypes.TimestampMillis ? i.toEpochMilli()
                    : Math.addExact(Math.multiplyExact(i.getEpochSecond(), 1_000_000L), i.getNano() / 1_000L);
            } catch (DateTimeParseException e) {
                throw new JsonAvroException(path + ": expected epoch millis or an ISO-8601 instant, got " + brief(n));
            }
        }
        throw mismatch(path, "long", n);
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
                throw new JsonAvroException(path + ": " + what + " must be base64: " + e.getMessage());
            }
        }
        throw mismatch(path, what + " (base64 string)", n);
    }

    private static JsonAvroException mismatch(String path, String expected, JsonNode n) {
        return new JsonAvroException(path + ": expected " + expected + ", got " + brief(n));
    }

    private static String typeName(Schema s) {
        if (s.getType() == Schema.Type.UNION) {
            List<String> names = new ArrayList<>();
            s.getTypes().forEach(t -> names.add(typeName(t)));
            return String.join("|", names);
        }
        return switch (s.getType()) {
            case RECORD, ENUM, FIXED -> s.getName();
            case ARRAY -> "array<" + typeName(s.getElementType()) + ">";
            case MAP -> "map<" + typeName(s.getValueType()) + ">";
            default -> s.getType().getName();
        };
    }

    private static String brief(JsonNode n) {
        if (n == null || n.isNull()) {
            return "null";
        }
        String kind = n.isTextual() ? "string" : n.isNumber() ? "number" : n.isBoolean() ? "boolean"
            : n.isArray() ? "array" : "object";
        String text = n.toString();
        return kind + " " + (text.length() > 40 ? text.substring(0, 37) + "..." : text);
    }
}
