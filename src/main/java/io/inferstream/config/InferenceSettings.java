package io.inferstream.config;

import io.inferstream.model.VersionPolicy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * How the scoring topology serves models.
 *
 * @param modelRepository   {@code inference.model.repository}: TensorFlow Serving layout, {@code <model>/<version>/saved_model.pb}
 * @param defaultModel      {@code inference.default.model}: for requests that name no model; empty: the only model served
 * @param signature         {@code inference.signature}: the SavedModel signature served
 * @param maxBatchSize      {@code inference.batch.max.size}: requests per model call at most (TF Serving's max_batch_size)
 * @param maxBatchWait      {@code inference.batch.max.wait}: how long a request may wait for its batch to fill (batch_timeout_micros)
 * @param maxRowsPerRequest {@code inference.request.max.rows}: larger requests are dead-lettered as OVERSIZE
 * @param allowNonFinite    {@code inference.allow.non.finite}: pass NaN and infinities to the model instead of dead-lettering
 * @param reloadInterval    {@code inference.reload.interval}: how often the repository is rescanned for new or removed versions
 * @param shadowTolerance   {@code inference.shadow.tolerance}: difference under which non-probability shadow outputs agree
 * @param shadowWindow      {@code inference.shadow.window}: tumbling event-time window of the shadow agreement metrics
 * @param shadowWindowGrace {@code inference.shadow.window.grace}: how late a comparison may arrive and still count in its window
 * @param models            {@code inference.models.<name>.*}: per-model version policy, pin, canary and shadow
 */
public record InferenceSettings(Path modelRepository, String defaultModel, String signature, int maxBatchSize, Duration maxBatchWait,
                                int maxRowsPerRequest, boolean allowNonFinite, Duration reloadInterval, double shadowTolerance,
                                Duration shadowWindow, Duration shadowWindowGrace, Map<String, ModelServing> models) {

    /**
     * One model's start-up serving decisions; model-control commands change them at run time.
     *
     * @param versions     {@code inference.models.<name>.versions}: latest, latest:N or specific:1,2
     * @param pinned       {@code inference.models.<name>.pinned}: serve this version as stable
     * @param canary       {@code inference.models.<name>.canary.version}
     * @param canaryShare  {@code inference.models.<name>.canary.share}: share of keys in [0,1]
     * @param shadow       {@code inference.models.<name>.shadow.version}
     */
    public record ModelServing(VersionPolicy versions, OptionalLong pinned, OptionalLong canary, double canaryShare, OptionalLong shadow) {
        public ModelServing {
            Objects.requireNonNull(versions, "versions");
        }
    }

    public InferenceSettings {
        Objects.requireNonNull(modelRepository, "modelRepository");
        Objects.requireNonNull(signature, "signature");
        Objects.requireNonNull(shadowWindow, "shadowWindow");
        Objects.requireNonNull(shadowWindowGrace, "shadowWindowGrace");
        defaultModel = defaultModel == null || defaultModel.isBlank() ? null : defaultModel;
        models = Map.copyOf(models);
    }

    static InferenceSettings read(ConfigReader r) {
        Path repository = r.path("inference.model.repository", "./.inferstream/models");
        String defaultModel = r.string("inference.default.model", "");
        String signature = r.nonBlank("inference.signature", "serving_default");
        int maxBatch = r.integer("inference.batch.max.size", 64, 1, 100_000);
        Duration maxWait = r.duration("inference.batch.max.wait", Duration.ofMillis(5));
        int maxRows = r.integer("inference.request.max.rows", 1024, 1, 1_000_000);
        boolean allowNonFinite = r.bool("inference.allow.non.finite", false);
        Duration reload = r.duration("inference.reload.interval", Duration.ofSeconds(5));
        double tolerance = r.decimal("inference.shadow.tolerance", 1e-6, 0, Double.MAX_VALUE);
        Duration shadowWindow = r.duration("inference.shadow.window", Duration.ofMinutes(1));
        if (shadowWindow.isZero()) {
            r.problem("inference.shadow.window", "must be longer than 0");
            shadowWindow = Duration.ofMinutes(1);
        }
        Duration shadowGrace = r.duration("inference.shadow.window.grace", Duration.ofSeconds(10));
        Map<String, ModelServing> models = new TreeMap<>();
        for (String name : modelNames(r)) {
            models.put(name, readModel(r, name));
        }
        return new InferenceSettings(repository, defaultModel, signature, maxBatch, maxWait, maxRows, allowNonFinite, reload, tolerance, shadowWindow, shadowGrace,
            models);
    }

    private static TreeSet<String> modelNames(ConfigReader r) {
        TreeSet<String> names = new TreeSet<>();
        String prefix = "inference.models.";
        for (String key : r.keys()) {
            if (key.startsWith(prefix)) {
                String rest = key.substring(prefix.length());
                int dot = rest.indexOf('.');
                if (dot > 0) {
                    names.add(rest.substring(0, dot));
                }
            }
        }
        return names;
    }

    private static ModelServing readModel(ConfigReader r, String name) {
        String p = "inference.models." + name + ".";
        String versionsText = r.nonBlank(p + "versions", "latest");
        VersionPolicy versions;
        try {
            versions = VersionPolicy.parse(versionsText);
        } catch (IllegalArgumentException e) {
            r.problem(p + "versions", "expected latest, latest:N or specific:V1,V2, got '" + versionsText + "'");
            versions = VersionPolicy.latest();
        }
        return new ModelServing(versions, optionalVersion(r, p + "pinned"), optionalVersion(r, p + "canary.version"),
            r.decimal(p + "canary.share", 0.0, 0, 1), optionalVersion(r, p + "shadow.version"));
    }

    private static OptionalLong optionalVersion(ConfigReader r, String key) {
        long v = r.longValue(key, -1, -1);
        return v < 0 ? OptionalLong.empty() : OptionalLong.of(v);
    }
}
