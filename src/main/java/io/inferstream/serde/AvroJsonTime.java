package io.inferstream.serde;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import org.apache.avro.LogicalType;

/**
 * Avro's date/time logical types for {@link AvroJson}: ISO-8601 text to the encoded number, and the java.time values
 * of generated classes back to the number generic data holds, so the same record prints the same whether it was
 * read generic or specific. Hand-written because Avro's TimeConversions go between java.time and the number, not
 * between text and the number.
 */
final class AvroJsonTime {

    private AvroJsonTime() {
    }

    /** What the text form of this logical type looks like, for messages; null if it is no date/time type. */
    static String describe(LogicalType lt) {
        if (lt == null) {
            return null;
        }
        return switch (lt.getName()) {
            case "timestamp-millis" -> "epoch millis or an ISO-8601 instant";
            case "timestamp-micros" -> "epoch micros or an ISO-8601 instant";
            case "timestamp-nanos" -> "epoch nanos or an ISO-8601 instant";
            case "local-timestamp-millis" -> "millis or an ISO-8601 local date-time";
            case "local-timestamp-micros" -> "micros or an ISO-8601 local date-time";
            case "local-timestamp-nanos" -> "nanos or an ISO-8601 local date-time";
            case "date" -> "days since 1970-01-01 or an ISO-8601 date";
            case "time-millis" -> "millis of the day or an ISO-8601 time";
            case "time-micros" -> "micros of the day or an ISO-8601 time";
            default -> null;
        };
    }

    /**
     * The encoded number (epoch units, days, or units of the day) of ISO-8601 {@code text} for a date/time logical
     * type (see {@link #describe}).
     *
     * @throws DateTimeParseException  if the text is not of that form
     * @throws ArithmeticException     if the value does not fit
     */
    static long parse(LogicalType lt, String text) {
        return switch (lt.getName()) {
            case "timestamp-millis", "timestamp-micros", "timestamp-nanos" -> ofInstant(lt, Instant.parse(text));
            case "local-timestamp-millis", "local-timestamp-micros", "local-timestamp-nanos" ->
                ofInstant(lt, LocalDateTime.parse(text).toInstant(ZoneOffset.UTC));
            case "date" -> LocalDate.parse(text).toEpochDay();
            case "time-millis" -> LocalTime.parse(text).toNanoOfDay() / 1_000_000L;
            case "time-micros" -> LocalTime.parse(text).toNanoOfDay() / 1_000L;
            default -> throw new IllegalStateException("not a date/time logical type: " + lt.getName());
        };
    }

    /** The encoded number of a java.time value (as generated classes hold), or null if {@code v} is none. */
    static Long toNumber(LogicalType lt, Object v) {
        if (v instanceof Instant i) {
            return ofInstant(lt, i);
        }
        if (v instanceof LocalDateTime t) {
            return ofInstant(lt, t.toInstant(ZoneOffset.UTC));
        }
        if (v instanceof LocalDate d) {
            return d.toEpochDay();
        }
        if (v instanceof LocalTime t) {
            return lt != null && lt.getName().equals("time-micros") ? t.toNanoOfDay() / 1_000L
                : t.toNanoOfDay() / 1_000_000L;
        }
        return null;
    }

    private static long ofInstant(LogicalType lt, Instant i) {
        String name = lt == null ? "timestamp-millis" : lt.getName();
        if (name.endsWith("-micros")) {
            return Math.addExact(Math.multiplyExact(i.getEpochSecond(), 1_000_000L), i.getNano() / 1_000L);
        }
        if (name.endsWith("-nanos")) {
            return Math.addExact(Math.multiplyExact(i.getEpochSecond(), 1_000_000_000L), i.getNano());
        }
        return i.toEpochMilli();
    }
}
