package io.inferstream.model;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.Signature;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Gradients;
import org.tensorflow.op.core.Identity;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

/**
 * Builds the demo click-through model in Java with TensorFlow Java: trains a small MLP on {@link
 * SyntheticCtr} data and exports it as a SavedModel in TensorFlow Serving's layout, so the whole
 * demo runs without Python.
 *
 * <p>Model contract (signature {@code serving_default}):
 *
 * <ul>
 *   <li>input {@code features}: float32 {@code [-1, 4]}, the numeric features {@code f0..f3} in
 *       that order;
 *   <li>input {@code category}: int64 {@code [-1]}, a category id in {@code 0..7}; other ids are
 *       unknown and contribute nothing (one-hot of an out-of-range id is all zeros);
 *   <li>output {@code probability}: float32 {@code [-1, 1]}, the click probability (sigmoid).
 * </ul>
 *
 * <p>Architecture: {@code concat(features, one_hot(category, 8))} -> dense(H, relu) -> dense(1) ->
 * sigmoid. Trained with full-batch Adam on the log loss in a single-threaded session from seeded
 * initial weights, so a given seed always yields the same model. The export is a separate
 * inference-only graph whose variables hold the trained weights. Version 1: baseline data, H = 16.
 * Version 2: shifted data ({@link SyntheticCtr.Regime#SHIFTED}), H = 32, another seed.
 */
public final class DemoModels {

    /** Model name (folder in the repository). */
    public static final String MODEL_NAME = "ctr";
    /** Numeric feature input. */
    public static final String INPUT_FEATURES = "features";
    /** Categorical feature input. */
    public static final String INPUT_CATEGORY = "category";
    /** Click probability output. */
    public static final String OUTPUT_PROBABILITY = "probability";

    static final int TRAINING_ROWS = 30_000;
    static final int HELD_OUT_ROWS = 20_000;
    static final int STEPS = 400;
    private static final float LEARNING_RATE = 0.02f;
    private static final float BETA1 = 0.9f;
    private static final float BETA2 = 0.999f;
    private static final float EPSILON = 1e-7f;
    private static final int WIDTH = SyntheticCtr.NUMERIC_FEATURES.size() + SyntheticCtr.CATEGORIES;

    private static final Logger LOG = LoggerFactory.getLogger(DemoModels.class);

    private DemoModels() {}

    /** What one version is trained on. */
    private record Spec(long version, SyntheticCtr.Regime regime, int hidden, long seed) {}

    /** Trained weights, row-major. */
    private record Weights(int hidden, float[] w1, float[] b1, float[] w2, float[] b2, double finalLoss) {}

    /**
     * Trains and writes {@code <repositoryDir>/ctr/1} and {@code <repositoryDir>/ctr/2}, each with
     * {@code assets/reference_profile.json}. Each version is exported to a hidden temporary folder,
     * checked by loading it back, and renamed into place, so a scanner never sees a partial
     * version; an existing folder of the same version is replaced.
     *
     * @return one report per version, ascending
     */
    public static List<DemoModelReport> build(Path repositoryDir, long seed) throws IOException, ModelLoadException {
        List<DemoModelReport> reports = new ArrayList<>();
        for (Spec spec : List.of(
                new Spec(1, SyntheticCtr.Regime.BASELINE, 16, seed),
                new Spec(2, SyntheticCtr.Regime.SHIFTED, 32, seed * 31 + 17))) {
            reports.add(buildVersion(repositoryDir, spec));
        }
        return reports;
    }

    private static DemoModelReport buildVersion(Path repositoryDir, Spec spec) throws IOException, ModelLoadException {
        SyntheticCtr generator = new SyntheticCtr(spec.regime(), spec.seed());
        SyntheticCtr.Sample training = generator.sample(TRAINING_ROWS);
        SyntheticCtr.Sample heldOut = generator.sample(HELD_OUT_ROWS);
        Weights weights = train(training, spec.hidden(), spec.seed());

        Path modelDir = Files.createDirectories(repositoryDir.resolve(MODEL_NAME));
        Path staging = Files.createTempDirectory(modelDir, ".staging-" + spec.version() + "-");
        try {
            export(weights, staging);
            float[] trainingScores;
            float[] heldOutScores;
            try (LoadedModel model = new ModelLoader().load(MODEL_NAME, spec.version(), staging)) {
                trainingScores = model.score(training.toBatchInput()).column(OUTPUT_PROBABILITY).floats();
                heldOutScores = model.score(heldOut.toBatchInput()).column(OUTPUT_PROBABILITY).floats();
            }
            DemoModelReport report = new DemoModelReport(MODEL_NAME, spec.version(), modelDir.resolve(Long.toString(spec.version())),
                    spec.regime(), spec.hidden(), TRAINING_ROWS, STEPS, weights.finalLoss(),
                    BinaryMetrics.auc(heldOutScores, heldOut.clicks()), BinaryMetrics.logLoss(heldOutScores, heldOut.clicks()),
                    BinaryMetrics.auc(heldOut.trueProbabilities(), heldOut.clicks()),
                    BinaryMetrics.logLoss(heldOut.trueProbabilities(), heldOut.clicks()));
            profile(spec, training, trainingScores, report).write(ReferenceProfile.file(staging));
            moveIntoPlace(staging, report.path());
            LOG.info("built demo model {}", report);
            return report;
        } finally {
            deleteRecursively(staging);
        }
    }

    /** The forward pass up to the logit, shared by the training and the inference graph. */
    private static Operand<TFloat32> logit(Ops tf, Operand<TFloat32> features, Operand<TInt64> category,
            Operand<TFloat32> w1, Operand<TFloat32> b1, Operand<TFloat32> w2, Operand<TFloat32> b2) {
        Operand<TFloat32> oneHot = tf.oneHot(category, tf.constant(SyntheticCtr.CATEGORIES), tf.constant(1f), tf.constant(0f));
        Operand<TFloat32> input = tf.concat(List.of(features, oneHot), tf.constant(1));
        Operand<TFloat32> hidden = tf.nn.relu(tf.math.add(tf.linalg.matMul(input, w1), b1));
        return tf.math.add(tf.linalg.matMul(hidden, w2), b2);
    }

    private static Weights train(SyntheticCtr.Sample data, int hidden, long seed) {
        Random init = new Random(seed ^ 0x9E3779B97F4A7C15L);
        float[] w1 = glorot(init, WIDTH, hidden);
        float[] w2 = glorot(init, hidden, 1);
        float[] labels = new float[data.rows()];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = data.clicks()[i] ? 1f : 0f;
        }
        try (Graph graph = new Graph()) {
            Ops tf = Ops.create(graph);
            Placeholder<TFloat32> x = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, 4)));
            Placeholder<TInt64> c = tf.placeholder(TInt64.class, Placeholder.shape(Shape.of(-1)));
            Placeholder<TFloat32> y = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, 1)));
            Placeholder<TFloat32> beta1Power = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.scalar()));
            Placeholder<TFloat32> beta2Power = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.scalar()));
            List<Variable<TFloat32>> vars = List.of(
                    variable(tf, Shape.of(WIDTH, hidden), w1),
                    variable(tf, Shape.of(hidden), new float[hidden]),
                    variable(tf, Shape.of(hidden, 1), w2),
                    variable(tf, Shape.of(1), new float[1]));
            Operand<TFloat32> z = logit(tf, x, c, vars.get(0), vars.get(1), vars.get(2), vars.get(3));
            // Numerically stable log loss on logits: softplus(z) - z * y.
            Operand<TFloat32> loss = tf.math.mean(tf.math.sub(tf.math.softplus(z), tf.math.mul(z, y)), tf.constant(new int[] {0, 1}));
            Gradients gradients = tf.gradients(loss, vars);
            // Reference variables are read in place: without this barrier an update of w2 could run
            // before the backward pass has read w2 for w1's gradient, making training racy and
            // non-reproducible. All updates wait until every gradient is computed.
            List<Identity<TFloat32>> grads = new ArrayList<>();
            for (int i = 0; i < vars.size(); i++) {
                grads.add(tf.identity(gradients.<TFloat32>dy(i)));
            }
            Ops afterGradients = tf.withControlDependencies(new ArrayList<Op>(grads));
            List<Op> updates = new ArrayList<>();
            for (int i = 0; i < vars.size(); i++) {
                Variable<TFloat32> v = vars.get(i);
                Shape shape = v.shape();
                float[] zeros = new float[Math.toIntExact(shape.size())];
                updates.add(afterGradients.train.applyAdam(v, variable(tf, shape, zeros), variable(tf, shape, zeros.clone()),
                        beta1Power, beta2Power, tf.constant(LEARNING_RATE), tf.constant(BETA1), tf.constant(BETA2),
                        tf.constant(EPSILON), grads.get(i)));
            }
            ConfigProto singleThreaded = ConfigProto.newBuilder()
                    .setIntraOpParallelismThreads(1).setInterOpParallelismThreads(1).build();
            try (Session session = new Session(graph, singleThreaded);
                    TFloat32 xs = TFloat32.tensorOf(Shape.of(data.rows(), 4), DataBuffers.of(data.features(), true, false));
                    TInt64 cs = TInt64.tensorOf(Shape.of(data.rows()), DataBuffers.of(data.categories(), true, false));
                    TFloat32 ys = TFloat32.tensorOf(Shape.of(data.rows(), 1), DataBuffers.of(labels, true, false))) {
                session.initialize();
                double lastLoss = Double.NaN;
                for (int step = 1; step <= STEPS; step++) {
                    try (TFloat32 p1 = TFloat32.scalarOf((float) Math.pow(BETA1, step));
                            TFloat32 p2 = TFloat32.scalarOf((float) Math.pow(BETA2, step))) {
                        Session.Runner runner = session.runner()
                                .feed(x, xs).feed(c, cs).feed(y, ys).feed(beta1Power, p1).feed(beta2Power, p2)
                                .fetch(loss);
                        updates.forEach(runner::addTarget);
                        try (Result result = runner.run()) {
                            lastLoss = ((TFloat32) result.get(0)).getFloat();
                        }
                    }
                    if (step % 100 == 0) {
                        LOG.debug("hidden={} step {} training loss {}", hidden, step, lastLoss);
                    }
                }
                Session.Runner fetch = session.runner();
                vars.forEach(fetch::fetch);
                try (Result result = fetch.run()) {
                    return new Weights(hidden, read(result, 0), read(result, 1), read(result, 2), read(result, 3), lastLoss);
                }
            }
        }
    }

    /** Writes an inference-only graph holding {@code weights} as a SavedModel into {@code dir}. */
    private static void export(Weights weights, Path dir) throws IOException {
        int h = weights.hidden();
        try (Graph graph = new Graph()) {
            Ops tf = Ops.create(graph);
            Placeholder<TFloat32> features = tf.withName(INPUT_FEATURES)
                    .placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, SyntheticCtr.NUMERIC_FEATURES.size())));
            Placeholder<TInt64> category = tf.withName(INPUT_CATEGORY).placeholder(TInt64.class, Placeholder.shape(Shape.of(-1)));
            Operand<TFloat32> z = logit(tf, features, category,
                    tf.withName("dense_1_kernel").variable(constant(tf, Shape.of(WIDTH, h), weights.w1())),
                    tf.withName("dense_1_bias").variable(constant(tf, Shape.of(h), weights.b1())),
                    tf.withName("dense_2_kernel").variable(constant(tf, Shape.of(h, 1), weights.w2())),
                    tf.withName("dense_2_bias").variable(constant(tf, Shape.of(1), weights.b2())));
            Operand<TFloat32> probability = tf.withName(OUTPUT_PROBABILITY).math.sigmoid(z);
            Signature signature = Signature.builder()
                    .key(Signature.DEFAULT_KEY)
                    .methodName("tensorflow/serving/predict")
                    .input(INPUT_FEATURES, features)
                    .input(INPUT_CATEGORY, category)
                    .output(OUTPUT_PROBABILITY, probability)
                    .build();
            try (Session session = new Session(graph)) {
                session.initialize();
                SavedModelBundle.exporter(dir.toString()).withFunction(session.function(signature)).export();
            }
        }
    }

    private static ReferenceProfile profile(Spec spec, SyntheticCtr.Sample training, float[] scores, DemoModelReport report) {
        Map<String, String> inputs = new LinkedHashMap<>();
        Map<String, NumericProfile> numeric = new LinkedHashMap<>();
        List<String> names = SyntheticCtr.NUMERIC_FEATURES;
        for (int i = 0; i < names.size(); i++) {
            inputs.put(names.get(i), INPUT_FEATURES + "[" + i + "]");
            numeric.put(names.get(i), NumericProfile.of(training.features(), i, names.size()));
        }
        inputs.put(SyntheticCtr.CATEGORY, INPUT_CATEGORY);
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("finalTrainingLoss", report.finalTrainingLoss());
        metrics.put("heldOutAuc", report.heldOutAuc());
        metrics.put("heldOutLogLoss", report.heldOutLogLoss());
        metrics.put("oracleAuc", report.oracleAuc());
        metrics.put("oracleLogLoss", report.oracleLogLoss());
        return new ReferenceProfile(MODEL_NAME, spec.version(), spec.regime().name(), training.rows(), inputs, numeric,
                Map.of(SyntheticCtr.CATEGORY, CategoricalProfile.of(training.categories())),
                Map.of(OUTPUT_PROBABILITY, NumericProfile.of(scores, 0, 1)), metrics);
    }

    private static Variable<TFloat32> variable(Ops tf, Shape shape, float[] initial) {
        return tf.variable(constant(tf, shape, initial));
    }

    private static Operand<TFloat32> constant(Ops tf, Shape shape, float[] values) {
        return tf.constant(shape, DataBuffers.of(values, true, false));
    }

    private static float[] read(Result result, int index) {
        TFloat32 t = (TFloat32) result.get(index);
        float[] values = new float[Math.toIntExact(t.shape().size())];
        t.copyTo(DataBuffers.of(values, false, false));
        return values;
    }

    private static float[] glorot(Random random, int fanIn, int fanOut) {
        double limit = Math.sqrt(6.0 / (fanIn + fanOut));
        float[] w = new float[fanIn * fanOut];
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) ((random.nextDouble() * 2 - 1) * limit);
        }
        return w;
    }

    private static void moveIntoPlace(Path staging, Path target) throws IOException {
        if (Files.exists(target)) {
            deleteRecursively(target);
        }
        try {
            Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException e) {
            throw new IOException("version folder " + target + " appeared while building", e);
        }
    }

    private static void deleteRecursively(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
