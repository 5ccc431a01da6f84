package io.inferstream.drift.monitor;

import io.inferstream.avro.DType;
import io.inferstream.avro.DriftKind;
import io.inferstream.avro.DriftReferenceProfile;
import io.inferstream.avro.InferenceResult;
import io.inferstream.avro.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which values of a model version's results are monitored and where each is read from: the features and outputs
 * of its reference profile. A feature's source is an input tensor ({@code features}), a column of a vector input
 * ({@code features[0]}: column 0 of each row) or a key of the request's categorical map ({@code categorical:key}).
 *
 * <p>A tensor holds one example in its row shape or several with a leading batch dimension. A scalar source
 * reads every element as one row; a column source reads element {@code row * width + column}, width being the
 * last dimension, so both forms are read without knowing which one a request used.
 */
public final class MonitorSpec {

    /** Widest vector input or output a bootstrap profiles column by column. */
    public static final int MAX_BOOTSTRAP_COLUMNS = 32;
    static final String CATEGORICAL_PREFIX = "categorical:";
    private static final Pattern COLUMN = Pattern.compile("^(.+)\\[(\\d+)]$");

    /** Receives the extracted values. */
    public interface Observer {
        void numeric(Quantity quantity, double value);

        void categorical(Quantity quantity, String value);

        void skipped(String reason);
    }

    private record Probe(Quantity quantity, boolean output, String tensor, int column, boolean fromCategoricalMap) { }

    private final List<Probe> probes;
    /**
     * The probes grouped by what they read (a tensor of the features or the outputs, or the categorical map), so that
     * a result's tensor is looked up once for all its monitored columns: this runs on every scored result.
     */
    private final Probe[][] bySource;
    private final Map<String, String> featureInputs;

    private MonitorSpec(List<Probe> probes, Map<String, String> featureInputs) {
        this.probes = List.copyOf(probes);
        Map<String, List<Probe>> groups = new LinkedHashMap<>();
        for (Probe p : this.probes) {
            String source = (p.fromCategoricalMap() ? "c:" : p.output() ? "o:" : "f:") + p.tensor();
            groups.computeIfAbsent(source, k -> new ArrayList<>()).add(p);
        }
        this.bySource = groups.values().stream().map(g -> g.toArray(new Probe[0])).toArray(Probe[][]::new);
        this.featureInputs = Map.copyOf(featureInputs);
    }

    /** What a reference profile monitors. */
    public static MonitorSpec of(DriftReferenceProfile ref) {
        String model = ref.getModel();
        long version = ref.getModelVersion();
        List<Probe> probes = new ArrayList<>();
        Map<String, String> inputs = ref.getFeatureInputs();
        ref.getNumericFeatures().keySet().forEach(name ->
            probes.add(feature(new Quantity(model, version, DriftKind.FEATURE, name, null, false), inputs.getOrDefault(name, name))));
        ref.getCategoricalFeatures().keySet().forEach(name ->
            probes.add(feature(new Quantity(model, version, DriftKind.FEATURE, name, null, true), inputs.getOrDefault(name, name))));
        ref.getOutputs().keySet().forEach(name ->
            probes.add(output(new Quantity(model, version, DriftKind.PREDICTION, name, null, false), name)));
        return new MonitorSpec(probes, inputs);
    }

    /**
     * What a bootstrap profiles for a version without a reference, judged from one of its results: float and
     * double tensors are numeric (a vector column by column, {@code name[i]}, up to {@value #MAX_BOOTSTRAP_COLUMNS}
     * columns), integer, boolean and string tensors and the categorical map are categorical. A rank-1 tensor is a
     * vector when the request holds one example (some input is a scalar), otherwise one value per row.
     */
    public static MonitorSpec inferFrom(InferenceResult r, DriftCounters counters) {
        String model = r.getModel();
        long version = r.getModelVersion();
        boolean singleExample = r.getFeatures().values().stream().anyMatch(t -> t.getShape().isEmpty());
        List<Probe> probes = new ArrayList<>();
        Map<String, String> inputs = new LinkedHashMap<>();
        r.getFeatures().forEach((name, t) -> infer(model, version, name, t, singleExample, false, probes, inputs, counters));
        r.getCategorical().keySet().forEach(key -> {
            if (!r.getFeatures().containsKey(key)) {
                probes.add(new Probe(new Quantity(model, version, DriftKind.FEATURE, key, null, true), false, key, -1, true));
                inputs.put(key, CATEGORICAL_PREFIX + key);
            }
        });
        r.getOutputs().forEach((name, t) -> infer(model, version, name, t, singleExample, true, probes, inputs, counters));
        return new MonitorSpec(probes, inputs);
    }

    private static void infer(String model, long version, String name, Tensor t, boolean singleExample, boolean output,
                              List<Probe> probes, Map<String, String> inputs, DriftCounters counters) {
        boolean numeric = t.getDtype() == DType.FLOAT || t.getDtype() == DType.DOUBLE;
        int rank = t.getShape().size();
        boolean vector = singleExample ? rank >= 1 : rank >= 2;
        DriftKind kind = output ? DriftKind.PREDICTION : DriftKind.FEATURE;
        if (!vector || !numeric) {
            if (vector) {
                counters.count(DriftCounters.UNPROFILED);
                return;
            }
            probes.add(new Probe(new Quantity(model, version, kind, name, null, !numeric), output, name, -1, false));
            if (!output) {
                inputs.put(name, name);
            }
            return;
        }
        long width = t.getShape().get(rank - 1);
        if (width > MAX_BOOTSTRAP_COLUMNS || (singleExample ? rank > 1 : rank > 2)) {
            counters.count(DriftCounters.UNPROFILED);
            return;
        }
        for (int c = 0; c < width; c++) {
            String column = name + "[" + c + "]";
            probes.add(new Probe(new Quantity(model, version, kind, column, null, false), output, name, c, false));
            if (!output) {
                inputs.put(column, column);
            }
        }
    }

    private static Probe feature(Quantity q, String source) {
        if (source.startsWith(CATEGORICAL_PREFIX)) {
            return new Probe(q, false, source.substring(CATEGORICAL_PREFIX.length()), -1, true);
        }
        return tensorProbe(q, false, source);
    }

    private static Probe output(Quantity q, String source) {
        return tensorProbe(q, true, source);
    }

    private static Probe tensorProbe(Quantity q, boolean output, String source) {
        Matcher m = COLUMN.matcher(source);
        if (m.matches()) {
            return new Probe(q, output, m.group(1), Integer.parseInt(m.group(2)), false);
        }
        return new Probe(q, output, source, -1, false);
    }

    /** Where each feature is read from (for a published bootstrap profile). */
    public Map<String, String> featureInputs() {
        return featureInputs;
    }

    /** The monitored quantities (all traffic). */
    public List<Quantity> quantities() {
        return probes.stream().map(Probe::quantity).toList();
    }

    /**
     * Hands every monitored value of {@code r} to {@code observer}, in all traffic and, when {@code segment} is not
     * null, in that segment too. Returns the most rows any source had (the result's rows).
     */
    public int observe(InferenceResult r, String segment, Observer observer) {
        int rows = 0;
        for (Probe[] group : bySource) {
            Probe first = group[0];
            Tensor t = first.fromCategoricalMap() ? null : (first.output() ? r.getOutputs() : r.getFeatures()).get(first.tensor());
            for (Probe p : group) {
                rows = Math.max(rows, observe(p, t, r, segment, observer));
            }
        }
        return rows;
    }

    /** One probe's values; {@code t}: the tensor it reads, looked up by the caller (null: none, or the categorical map). */
    private static int observe(Probe p, Tensor t, InferenceResult r, String segment, Observer observer) {
        Quantity all = p.quantity();
        Quantity seg = segment == null ? null : all.inSegment(segment);
        if (p.fromCategoricalMap()) {
            String v = r.getCategorical().get(p.tensor());
            if (v == null) {
                observer.skipped(DriftCounters.MISSING_FEATURE);
                return 0;
            }
            emitCategorical(observer, all, seg, v);
            return 1;
        }
        if (t == null) {
            String v = p.output() ? null : r.getCategorical().get(p.tensor());
            if (v != null && all.categorical()) {
                emitCategorical(observer, all, seg, v);
                return 1;
            }
            observer.skipped(DriftCounters.MISSING_FEATURE);
            return 0;
        }
        int size = size(t);
        int width = 1;
        int offset = 0;
        if (p.column() >= 0) {
            List<Long> shape = t.getShape();
            width = shape.isEmpty() ? 1 : (int) Math.max(1, shape.get(shape.size() - 1));
            offset = p.column();
            if (offset >= width) {
                observer.skipped(DriftCounters.MISSING_FEATURE);
                return 0;
            }
        }
        int rows = size / width;
        for (int row = 0; row < rows; row++) {
            int i = row * width + offset;
            if (all.categorical()) {
                emitCategorical(observer, all, seg, stringAt(t, i));
            } else {
                double v = numberAt(t, i);
                if (Double.isFinite(v)) {
                    observer.numeric(all, v);
                    if (seg != null) {
                        observer.numeric(seg, v);
                    }
                } else {
                    observer.skipped(DriftCounters.NON_FINITE);
                }
            }
        }
        return rows;
    }

    private static void emitCategorical(Observer observer, Quantity all, Quantity seg, String v) {
        observer.categorical(all, v);
        if (seg != null) {
            observer.categorical(seg, v);
        }
    }

    private static int size(Tensor t) {
        return switch (t.getDtype()) {
            case FLOAT -> t.getFloatValues().size();
            case DOUBLE -> t.getDoubleValues().size();
            case INT32, BOOL -> t.getIntValues().size();
            case INT64 -> t.getLongValues().size();
            case STRING -> t.getStringValues().size();
        };
    }

    private static double numberAt(Tensor t, int i) {
        return switch (t.getDtype()) {
            case FLOAT -> t.getFloatValues().get(i);
            case DOUBLE -> t.getDoubleValues().get(i);
            case INT32, BOOL -> t.getIntValues().get(i);
            case INT64 -> t.getLongValues().get(i);
            case STRING -> Double.NaN;
        };
    }

    private static String stringAt(Tensor t, int i) {
        return switch (t.getDtype()) {
            case FLOAT -> Float.toString(t.getFloatValues().get(i));
            case DOUBLE -> Double.toString(t.getDoubleValues().get(i));
            case INT32 -> Integer.toString(t.getIntValues().get(i));
            case BOOL -> t.getIntValues().get(i) != 0 ? "true" : "false";
            case INT64 -> Long.toString(t.getLongValues().get(i));
            case STRING -> t.getStringValues().get(i);
        };
    }
}
