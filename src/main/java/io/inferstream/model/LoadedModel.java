package io.inferstream.model;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;

/**
 * One version of a SavedModel, loaded once and scored many times through the TensorFlow-free
 * {@link Scorer} API. Obtain instances from {@link ModelLoader}.
 *
 * <p>A batch is scored in a single {@code Session.run} when every input has a variable batch
 * dimension; otherwise (a batch dimension fixed at 1, or none) it is scored one row per call and
 * the results are concatenated, so callers never need to know. Scoring is thread-safe (TensorFlow
 * sessions are); {@link #close()} waits for in-flight calls, and later calls fail with {@link
 * ScoringErrorCode#MODEL_CLOSED} rather than touching freed native memory.
 */
public final class LoadedModel implements Scorer {

    private static final Logger LOG = LoggerFactory.getLogger(LoadedModel.class);

    /** A signature tensor bound to its graph output, resolved once at load. */
    private record Binding(TensorSpec spec, Output<?> output) {}

    private final String name;
    private final long version;
    private final Path path;
    private final ModelSignature signature;
    private final SavedModelBundle bundle;
    private final Session session;
    private final List<Binding> inputs;
    private final List<Binding> outputs;
    private final boolean rowByRow;
    private final ReadWriteLock lifecycle = new ReentrantReadWriteLock();
    private boolean closed;

    /** Takes ownership of {@code bundle}; the caller must close this model (not the bundle). */
    LoadedModel(String name, long version, Path path, ModelSignature signature, SavedModelBundle bundle) {
        this.name = Objects.requireNonNull(name, "name");
        this.version = version;
        this.path = path;
        this.signature = signature;
        this.bundle = bundle;
        this.session = bundle.session();
        this.inputs = bind(signature.inputs(), bundle);
        this.outputs = bind(signature.outputs(), bundle);
        this.rowByRow = signature.scoresRowByRow();
    }

    private static List<Binding> bind(Map<String, TensorSpec> specs, SavedModelBundle bundle) {
        List<Binding> bindings = new ArrayList<>(specs.size());
        for (TensorSpec spec : specs.values()) {
            bindings.add(new Binding(spec, bundle.graph().outputOrThrow(spec.tensorName())));
        }
        return List.copyOf(bindings);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public long version() {
        return version;
    }

    /** The version folder this model was loaded from. */
    public Path path() {
        return path;
    }

    @Override
    public ModelSignature signature() {
        return signature;
    }

    @Override
    public BatchOutput score(BatchInput input) {
        SignatureValidator.validate(signature, input);
        lifecycle.readLock().lock();
        try {
            if (closed) {
                throw new ScoringException(ScoringErrorCode.MODEL_CLOSED, null, "model " + this + " is closed");
            }
            if (input.rows() == 0) {
                return emptyOutput();
            }
            if (!rowByRow) {
                return new BatchOutput(input.rows(), run(input, 0, input.rows(), false));
            }
            List<Map<String, Column>> perRow = new ArrayList<>(input.rows());
            for (int row = 0; row < input.rows(); row++) {
                perRow.add(run(input, row, 1, true));
            }
            Map<String, Column> merged = new LinkedHashMap<>();
            for (Binding out : outputs) {
                String key = out.spec().name();
                List<Column> parts = perRow.stream().map(m -> m.get(key)).toList();
                try {
                    merged.put(key, Column.concat(parts));
                } catch (IllegalArgumentException e) {
                    throw new ScoringException(ScoringErrorCode.MODEL_FAILURE, key, "rows produced differently shaped outputs", e);
                }
            }
            return new BatchOutput(input.rows(), merged);
        } finally {
            lifecycle.readLock().unlock();
        }
    }

    /** Runs rows {@code [from, from + count)} in one session call; closes every tensor it creates. */
    private Map<String, Column> run(BatchInput input, int from, int count, boolean singleRow) {
        List<Tensor> fed = new ArrayList<>(inputs.size());
        try {
            Session.Runner runner = session.runner();
            for (Binding in : inputs) {
                Column column = input.columns().get(in.spec().name());
                Shape rowShape = Shape.of(column.rowShape());
                // A spec without batch dimension takes one row as the whole tensor (row-by-row mode only).
                Shape shape = singleRow && in.spec().batch() == BatchDimension.NONE ? rowShape : rowShape.prepend(count);
                Tensor t = TensorConversion.toTensor(column, from * column.rowSize(), shape);
                fed.add(t);
                runner.feed(in.output(), t);
            }
            for (Binding out : outputs) {
                runner.fetch(out.output());
            }
            try (Result result = runner.run()) {
                Map<String, Column> columns = new LinkedHashMap<>();
                for (int i = 0; i < outputs.size(); i++) {
                    TensorSpec spec = outputs.get(i).spec();
                    columns.put(spec.name(), toColumn(spec, result.get(i), count, singleRow));
                }
                return columns;
            }
        } catch (ScoringException e) {
            throw e;
        } catch (RuntimeException e) {
            // TensorFlowException and friends: the model rejected these values at run time.
            throw new ScoringException(ScoringErrorCode.MODEL_FAILURE, null,
                    "model " + this + " failed on rows [" + from + ", " + (from + count) + "): " + e.getMessage(), e);
        } finally {
            for (Tensor t : fed) {
                t.close();
            }
        }
    }

    private Column toColumn(TensorSpec spec, Tensor tensor, int count, boolean singleRow) {
        DType actual = SignatureReader.dtype(tensor.dataType());
        if (actual != spec.dtype()) {
            throw new ScoringException(ScoringErrorCode.MODEL_FAILURE, spec.name(),
                    "output is " + tensor.dataType() + " but the signature declares " + spec.dtype());
        }
        long[] shape = tensor.shape().asArray();
        if (singleRow && spec.batch() == BatchDimension.NONE) {
            return TensorConversion.fromTensor(tensor, actual, shape);
        }
        if (shape.length == 0 || shape[0] != count) {
            throw new ScoringException(ScoringErrorCode.MODEL_FAILURE, spec.name(),
                    "output shape " + Arrays.toString(shape) + " does not have the batch's " + count + " rows first");
        }
        return TensorConversion.fromTensor(tensor, actual, Arrays.copyOfRange(shape, 1, shape.length));
    }

    /** Zero rows in, zero rows out; per-row shape from the signature with unknown sizes as 0. */
    private BatchOutput emptyOutput() {
        Map<String, Column> columns = new LinkedHashMap<>();
        for (Binding out : outputs) {
            long[] rowShape = out.spec().rowShape();
            rowShape = rowShape == null ? new long[0] : Arrays.stream(rowShape).map(d -> Math.max(d, 0)).toArray();
            columns.put(out.spec().name(), Column.wrap(out.spec().dtype(), Column.newArray(out.spec().dtype(), 0), rowShape));
        }
        return new BatchOutput(0, columns);
    }

    /** Releases the session and graph; waits for in-flight scoring. Idempotent. */
    @Override
    public void close() {
        lifecycle.writeLock().lock();
        try {
            if (!closed) {
                closed = true;
                bundle.close();
                LOG.info("closed model {}", this);
            }
        } finally {
            lifecycle.writeLock().unlock();
        }
    }

    @Override
    public String toString() {
        return name + "/" + version;
    }
}
