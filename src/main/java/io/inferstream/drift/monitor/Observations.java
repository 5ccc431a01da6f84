package io.inferstream.drift.monitor;

import io.inferstream.drift.label.JoinInput;
import java.util.Arrays;

/**
 * The values of drift-observations: a kind byte, then a window partial ({@link WindowPartial#toBytes}), a bootstrap
 * partial ({@link BootstrapPartial#toBytes}) or a label-join batch ({@link JoinInput#batchToBytes}). Their own binary
 * forms rather than Avro: they are written and read only by Inferstream's own topologies.
 */
public final class Observations {

    static final byte PARTIAL = 'W';
    static final byte BOOTSTRAP = 'B';
    static final byte JOIN = 'J';

    private Observations() {
    }

    /** The binary form of a partial, a bootstrap partial or a label-join batch. */
    public static byte[] toBytes(DriftOutput o) {
        if (o instanceof DriftOutput.Partial p) {
            return tagged(PARTIAL, p.partial().toBytes());
        } else if (o instanceof DriftOutput.Bootstrap b) {
            return tagged(BOOTSTRAP, b.partial().toBytes());
        } else if (o instanceof DriftOutput.Join j) {
            return tagged(JOIN, JoinInput.batchToBytes(j.entries()));
        }
        throw new IllegalArgumentException("not an observation: " + o.getClass().getSimpleName());
    }

    /** Reads {@link #toBytes}; an {@link IllegalArgumentException} names what is wrong with anything else. */
    public static DriftOutput fromBytes(byte[] bytes) {
        if (bytes == null || bytes.length == 0) {
            throw new IllegalArgumentException("empty drift observation");
        }
        byte[] body = Arrays.copyOfRange(bytes, 1, bytes.length);
        return switch (bytes[0]) {
            case PARTIAL -> new DriftOutput.Partial(WindowPartial.fromBytes(body));
            case BOOTSTRAP -> new DriftOutput.Bootstrap(BootstrapPartial.fromBytes(body));
            case JOIN -> new DriftOutput.Join(JoinInput.batchFromBytes(body));
            default -> throw new IllegalArgumentException("unknown drift observation kind " + bytes[0]);
        };
    }

    private static byte[] tagged(byte kind, byte[] body) {
        byte[] out = new byte[body.length + 1];
        out[0] = kind;
        System.arraycopy(body, 0, out, 1, body.length);
        return out;
    }
}
