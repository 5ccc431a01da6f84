package io.inferstream.inference;

import io.inferstream.avro.ShadowComparison;
import io.inferstream.model.BatchOutput;
import io.inferstream.model.Column;
import io.inferstream.model.DType;
import java.time.Instant;
import java.util.Arrays;

/**
 * Compares a shadow version's outputs with the served ones for one request: the largest absolute
 * difference, and whether both make the same decision (same side of 0.5 for a single probability in [0,1],
 * same argmax for a score vector, otherwise equal within {@code tolerance}).
 */
public final class ShadowComparator {

    private final double tolerance;

    public ShadowComparator(double tolerance) {
        if (!(tolerance >= 0)) {
            throw new IllegalArgumentException("tolerance must be >= 0, got " + tolerance);
        }
        this.tolerance = tolerance;
    }

    public ShadowComparison compare(String requestId, String model, long servedVersion, long shadowVersion,
                                    BatchOutput served, BatchOutput shadow, String error, long now) {
        ShadowComparison.Builder b = ShadowComparison.newBuilder().setRequestId(requestId).setModel(model)
            .setServedVersion(servedVersion).setShadowVersion(shadowVersion).setTimestamp(Instant.ofEpochMilli(now));
        if (shadow == null) {
            return b.setMaxAbsDiff(Double.NaN).setAgree(false).setError(error == null ? "shadow produced no output" : error).build();
        }
        if (!served.columns().keySet().equals(shadow.columns().keySet())) {
            return b.setMaxAbsDiff(Double.NaN).setAgree(false)
                .setError("outputs differ: served " + served.columns().keySet() + ", shadow " + shadow.columns().keySet()).build();
        }
        double maxDiff = 0;
        boolean agree = true;
        for (String name : served.columns().keySet()) {
            Column a = served.column(name);
            Column c = shadow.column(name);
            if (a.dtype() != c.dtype() || a.length() != c.length()) {
                return b.setMaxAbsDiff(Double.NaN).setAgree(false)
                    .setError("output '" + name + "' differs in type or size: " + a.dtype() + "x" + a.length()
                        + " vs " + c.dtype() + "x" + c.length()).build();
            }
            if (a.dtype() == DType.STRING) {
                agree &= Arrays.equals(a.strings(), c.strings());
                continue;
            }
            double[] x = asDoubles(a);
            double[] y = asDoubles(c);
            double diff = 0;
            for (int i = 0; i < x.length; i++) {
                diff = Math.max(diff, Math.abs(x[i] - y[i]));
            }
            maxDiff = Math.max(maxDiff, diff);
            agree &= sameDecision(x, y, a.rowSize(), diff);
        }
        return b.setMaxAbsDiff(maxDiff).setAgree(agree).setError(null).build();
    }

    private boolean sameDecision(double[] x, double[] y, int rowSize, double diff) {
        if (rowSize == 1 && isProbability(x) && isProbability(y)) {
            for (int i = 0; i < x.length; i++) {
                if ((x[i] >= 0.5) != (y[i] >= 0.5)) {
                    return false;
                }
            }
            return true;
        }
        if (rowSize > 1) {
            for (int row = 0; row * rowSize < x.length; row++) {
                if (argmax(x, row * rowSize, rowSize) != argmax(y, row * rowSize, rowSize)) {
                    return false;
                }
            }
            return true;
        }
        return diff <= tolerance;
    }

    private static boolean isProbability(double[] v) {
        for (double d : v) {
            if (!(d >= 0 && d <= 1)) {
                return false;
            }
        }
        return true;
    }

    private static int argmax(double[] v, int from, int n) {
        int best = 0;
        for (int i = 1; i < n; i++) {
            if (v[from + i] > v[from + best]) {
                best = i;
            }
        }
        return best;
    }

    private static double[] asDoubles(Column c) {
        int n = c.length();
        double[] out = new double[n];
        switch (c.dtype()) {
            case FLOAT -> {
                float[] v = c.floats();
                for (int i = 0; i < n; i++) {
                    out[i] = v[i];
                }
            }
            case DOUBLE -> System.arraycopy(c.doubles(), 0, out, 0, n);
            case INT32 -> {
                int[] v = c.ints();
                for (int i = 0; i < n; i++) {
                    out[i] = v[i];
                }
            }
            case INT64 -> {
                long[] v = c.longs();
                for (int i = 0; i < n; i++) {
                    out[i] = v[i];
                }
            }
            case BOOL -> {
                boolean[] v = c.bools();
                for (int i = 0; i < n; i++) {
                    out[i] = v[i] ? 1 : 0;
                }
            }
            default -> throw new IllegalStateException("not numeric: " + c.dtype());
        }
        return out;
    }
}
