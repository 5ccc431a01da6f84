package io.inferstream.drift.detect;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;

/**
 * Where one monitored series (model, version, feature, segment) stands in the {@link Hysteresis}:
 * small and immutable, so a state store keeps it per key.
 *
 * @param active whether an alert is raised
 * @param severity the raised alert's current severity ({@link Severity#NONE} when not active)
 * @param over consecutive windows at warning or worse (counts towards raising)
 * @param under consecutive windows without drift (counts towards clearing)
 */
public record AlertState(boolean active, Severity severity, int over, int under) {

    /** No alert, no history. */
    public static final AlertState QUIET = new AlertState(false, Severity.NONE, 0, 0);

    private static final byte FORMAT = 1;

    public AlertState {
        if (severity == null || over < 0 || under < 0 || active == (severity == Severity.NONE)) {
            throw new IllegalArgumentException("inconsistent alert state " + active + ", " + severity + ", " + over + ", " + under);
        }
    }

    /** Format 1: version, active, severity ordinal, over, under (11 bytes). */
    public byte[] toBytes() {
        return ByteBuffer.allocate(11).put(FORMAT).put((byte) (active ? 1 : 0)).put((byte) severity.ordinal())
                .putInt(over).putInt(under).array();
    }

    /** Reads {@link #toBytes()}. */
    public static AlertState fromBytes(byte[] bytes) {
        try {
            ByteBuffer in = ByteBuffer.wrap(bytes);
            if (in.get() != FORMAT || bytes.length != 11) {
                throw new IllegalArgumentException("unknown alert state format (" + bytes.length + " bytes)");
            }
            boolean active = in.get() != 0;
            int severity = in.get();
            if (severity < 0 || severity >= Severity.values().length) {
                throw new IllegalArgumentException("unknown severity " + severity);
            }
            return new AlertState(active, Severity.values()[severity], in.getInt(), in.getInt());
        } catch (BufferUnderflowException e) {
            throw new IllegalArgumentException("alert state truncated", e);
        }
    }
}
