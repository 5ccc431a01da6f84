package io.inferstream.serde;

import io.inferstream.serde.WireFormatException.ErrorCode;
import java.io.ByteArrayOutputStream;

/**
 * Confluent's wire format: byte 0x00 (the magic byte), the schema id as a 4-byte big-endian int, then the Avro
 * binary body. Public so topologies can read the schema id of bytes that failed to deserialize (for dead letters)
 * and so tools can peek at raw records.
 */
public final class WireFormat {

    public static final byte MAGIC_BYTE = 0x0;
    /** Magic byte plus schema id. */
    public static final int HEADER_SIZE = 5;

    private WireFormat() {
    }

    /**
     * Checks the header and returns the schema id.
     *
     * @param topic used in the error message only (may be null)
     * @throws WireFormatException {@code UNDECODABLE_VALUE} when shorter than the header,
     *                             {@code BAD_MAGIC_BYTE} when the first byte is not 0x00
     */
    public static int schemaId(String topic, byte[] bytes) {
        if (bytes == null || bytes.length < HEADER_SIZE) {
            throw new WireFormatException(ErrorCode.UNDECODABLE_VALUE, topic, null,
                    "Record from topic '" + topic + "' is too short for the Confluent wire format: "
                            + (bytes == null ? "null" : bytes.length + " bytes") + ", the header alone is "
                            + HEADER_SIZE + " (magic byte 0x00 + 4-byte schema id)", null);
        }
        if (bytes[0] != MAGIC_BYTE) {
            throw new WireFormatException(ErrorCode.BAD_MAGIC_BYTE, topic, null,
                    String.format("Record from topic '%s' has unknown magic byte 0x%02x; expected 0x00 "
                            + "(Confluent wire format: 0x00, schema id, Avro body)", topic, bytes[0] & 0xff), null);
        }
        return readId(bytes);
    }

    /** The 4 id bytes after the magic byte, without checks. */
    static int readId(byte[] b) {
        return ((b[1] & 0xff) << 24) | ((b[2] & 0xff) << 16) | ((b[3] & 0xff) << 8) | (b[4] & 0xff);
    }

    /** Writes the 5 header bytes. */
    public static void writeHeader(ByteArrayOutputStream out, int schemaId) {
        out.write(MAGIC_BYTE);
        out.write(schemaId >>> 24);
        out.write(schemaId >>> 16);
        out.write(schemaId >>> 8);
        out.write(schemaId);
    }

    /** The header for a schema id, as a new array. */
    public static byte[] header(int schemaId) {
        return new byte[] {MAGIC_BYTE, (byte) (schemaId >>> 24), (byte) (schemaId >>> 16), (byte) (schemaId >>> 8),
            (byte) schemaId};
    }
}
