package io.inferstream.app;

import io.inferstream.avro.DriftAlert;
import io.inferstream.avro.DriftMetric;
import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Instant;

/** The one-line text forms {@code inferstream alerts} prints. */
final class AlertLines {

    private AlertLines() {
    }

    /**
     * {@code FIRING   WARNING  ctr v2 age segment=mobile: psi 0.153 (threshold 0.1), window 2026-11-28T16:00:00Z ..
     * 2026-11-28T16:05:00Z, fired 2026-11-28T16:05:01Z: message}.
     */
    static String alert(DriftAlert a) {
        return String.format("%-8s %-8s %s: %s %s (threshold %s), window %s, fired %s%s",
            a.getStatus(), a.getSeverity(), subject(a.getModel(), a.getModelVersion(), a.getFeature(), a.getSegment()),
            a.getMetric(), number(a.getValue()), number(a.getThreshold()), window(a.getWindowStart(), a.getWindowEnd()),
            a.getFiredAt(), a.getMessage() == null || a.getMessage().isBlank() ? "" : ": " + a.getMessage());
    }

    /** {@code METRIC   ctr v2 age: psi 0.04 (warning 0.1, critical 0.2), window ..., n 1000 vs 30000}. */
    static String metric(DriftMetric m) {
        String levels = m.getWarningThreshold() == null && m.getCriticalThreshold() == null ? ""
            : " (warning " + optional(m.getWarningThreshold()) + ", critical " + optional(m.getCriticalThreshold()) + ")";
        return String.format("%-8s %-8s %s: %s %s%s, window %s, n %d vs reference %d", "METRIC", m.getKind(),
            subject(m.getModel(), m.getModelVersion(), m.getFeature(), m.getSegment()), m.getMetric(), number(m.getValue()),
            levels, window(m.getWindowStart(), m.getWindowEnd()), m.getCurrentCount(), m.getReferenceCount());
    }

    /** {@code 2 alerts open}. */
    static String openSummary(int open) {
        return open + (open == 1 ? " alert open" : " alerts open");
    }

    private static String subject(String model, long version, String feature, String segment) {
        return model + " v" + version + " " + feature + (segment == null || segment.isEmpty() ? "" : " segment=" + segment);
    }

    private static String window(Instant start, Instant end) {
        return start + " .. " + end;
    }

    private static String optional(Double d) {
        return d == null ? "-" : number(d);
    }

    /** Four significant digits, no exponent for everyday magnitudes, NaN and infinities as Java spells them. */
    static String number(double d) {
        if (!Double.isFinite(d)) {
            return Double.toString(d);
        }
        BigDecimal rounded = new BigDecimal(d).round(new MathContext(4)).stripTrailingZeros();
        double abs = Math.abs(d);
        return abs == 0 || (abs >= 1e-4 && abs < 1e7) ? rounded.toPlainString() : rounded.toString();
    }
}
