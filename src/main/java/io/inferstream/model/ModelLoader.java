package io.inferstream.model;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.SavedModel;

/**
 * Loads one version folder into a {@link LoadedModel}: checks the files, reads and checks the
 * signature, creates the TensorFlow session and warms it up.
 *
 * <p>The {@code saved_model.pb} is first parsed in Java, so a missing, truncated or mismatching
 * model is rejected with a precise {@link ModelLoadException.Reason} before any native code runs;
 * every failure surfaces as a {@link ModelLoadException}, never as an unchecked error.
 */
public final class ModelLoader {

    private static final Logger LOG = LoggerFactory.getLogger(ModelLoader.class);

    private static final java.util.Set<String> VARIABLE_OPS = java.util.Set.of("VariableV2", "Variable", "VarHandleOp");

    private final ModelLoadOptions options;

    public ModelLoader(ModelLoadOptions options) {
        this.options = Objects.requireNonNull(options, "options");
    }

    /** A loader with {@link ModelLoadOptions#defaults()}. */
    public ModelLoader() {
        this(ModelLoadOptions.defaults());
    }

    public ModelLoadOptions options() {
        return options;
    }

    /** Loads a version found by {@link ModelRepository}. */
    public LoadedModel load(ModelVersion version) throws ModelLoadException {
        return load(version.model(), version.version(), version.path());
    }

    /**
     * Loads the SavedModel in {@code dir} as version {@code version} of model {@code name}.
     *
     * @throws ModelLoadException with the reason; nothing stays allocated on failure
     */
    public LoadedModel load(String name, long version, Path dir) throws ModelLoadException {
        long started = System.nanoTime();
        MetaGraphDef metaGraph = readMetaGraph(dir);
        ModelSignature signature = SignatureReader.read(metaGraph, options.signatureKey(), dir);
        checkExpectedInputs(signature, dir);

        SavedModelBundle bundle = openBundle(dir);
        LoadedModel model;
        try {
            model = new LoadedModel(name, version, dir, signature, bundle);
        } catch (RuntimeException e) {
            bundle.close();
            throw new ModelLoadException(ModelLoadException.Reason.LOAD_FAILED, dir,
                    "signature tensors not found in the graph: " + e.getMessage(), e);
        }
        if (options.warmUp()) {
            try {
                model.score(warmUpBatch(signature));
            } catch (RuntimeException e) {
                model.close();
                throw new ModelLoadException(ModelLoadException.Reason.WARMUP_FAILED, dir,
                        "warm-up batch of zeros failed: " + e.getMessage(), e);
            }
        }
        LOG.info("loaded model {}/{} from {} in {} ms; signature {}: inputs {} outputs {}", name, version, dir,
                (System.nanoTime() - started) / 1_000_000, signature.key(), signature.inputs().values(), signature.outputs().values());
        return model;
    }

    /** Reads and parses {@code saved_model.pb} and picks the MetaGraph with the configured tags. */
    private MetaGraphDef readMetaGraph(Path dir) throws ModelLoadException {
        if (!Files.isDirectory(dir)) {
            throw new ModelLoadException(ModelLoadException.Reason.NOT_FOUND, dir, "no such model version folder");
        }
        Path pb = dir.resolve("saved_model.pb");
        if (!Files.isRegularFile(pb)) {
            throw new ModelLoadException(ModelLoadException.Reason.NOT_FOUND, dir, "no saved_model.pb in the folder");
        }
        SavedModel savedModel;
        try (InputStream in = Files.newInputStream(pb)) {
            savedModel = SavedModel.parseFrom(in);
        } catch (IOException | RuntimeException e) {
            throw new ModelLoadException(ModelLoadException.Reason.CORRUPT, dir,
                    "saved_model.pb cannot be parsed: " + e.getMessage(), e);
        }
        for (MetaGraphDef mg : savedModel.getMetaGraphsList()) {
            if (mg.getMetaInfoDef().getTagsList().containsAll(options.tags())) {
                checkVariablesPresent(mg, dir);
                return mg;
            }
        }
        List<List<String>> available = savedModel.getMetaGraphsList().stream()
                .map(mg -> List.copyOf(mg.getMetaInfoDef().getTagsList())).toList();
        throw new ModelLoadException(ModelLoadException.Reason.TAGS_NOT_FOUND, dir,
                "no MetaGraph tagged " + options.tags() + "; tag sets present: " + available);
    }

    /**
     * TensorFlow's loader silently skips the restore when {@code variables/} is empty, leaving the
     * variables uninitialised until the first request fails; a graph with variable ops therefore
     * needs its checkpoint index.
     */
    private static void checkVariablesPresent(MetaGraphDef metaGraph, Path dir) throws ModelLoadException {
        boolean hasVariables = metaGraph.getGraphDef().getNodeList().stream()
                .anyMatch(n -> VARIABLE_OPS.contains(n.getOp()));
        if (hasVariables && !Files.isRegularFile(dir.resolve("variables").resolve("variables.index"))) {
            throw new ModelLoadException(ModelLoadException.Reason.CORRUPT, dir,
                    "the graph has variables but variables/variables.index is missing");
        }
    }

    private void checkExpectedInputs(ModelSignature signature, Path dir) throws ModelLoadException {
        Map<String, DType> expected = options.expectedInputs();
        if (expected.isEmpty()) {
            return;
        }
        Map<String, DType> actual = new TreeMap<>();
        signature.inputs().forEach((k, v) -> actual.put(k, v.dtype()));
        if (!actual.equals(new TreeMap<>(expected))) {
            throw new ModelLoadException(ModelLoadException.Reason.SIGNATURE_MISMATCH, dir,
                    "signature '" + signature.key() + "' has inputs " + actual + " but the configuration expects " + new TreeMap<>(expected));
        }
    }

    private SavedModelBundle openBundle(Path dir) throws ModelLoadException {
        SavedModelBundle.Loader loader = SavedModelBundle.loader(dir.toString())
                .withTags(options.tags().toArray(String[]::new));
        if (options.intraOpThreads() > 0 || options.interOpThreads() > 0) {
            loader.withConfigProto(ConfigProto.newBuilder()
                    .setIntraOpParallelismThreads(options.intraOpThreads())
                    .setInterOpParallelismThreads(options.interOpThreads())
                    .build());
        }
        try {
            return loader.load();
        } catch (LinkageError e) {
            throw new ModelLoadException(ModelLoadException.Reason.NATIVE_UNAVAILABLE, dir,
                    "TensorFlow native library unavailable: " + e, e);
        } catch (RuntimeException e) {
            throw new ModelLoadException(ModelLoadException.Reason.LOAD_FAILED, dir,
                    "TensorFlow could not load the SavedModel: " + e.getMessage(), e);
        }
    }

    /**
     * One row of zeros (empty strings for string inputs) per input; unknown sizes in a row shape
     * become 1. Exercises the whole graph once so lazy kernel setup is paid before real traffic.
     */
    static BatchInput warmUpBatch(ModelSignature signature) {
        BatchInput.Builder batch = BatchInput.builder(1);
        for (TensorSpec spec : signature.inputs().values()) {
            long[] rowShape = spec.rowShape();
            rowShape = rowShape == null ? new long[0] : java.util.Arrays.stream(rowShape).map(d -> d < 0 ? 1 : d).toArray();
            batch.column(spec.name(), Column.zeros(spec.dtype(), 1, rowShape));
        }
        return batch.build();
    }
}
