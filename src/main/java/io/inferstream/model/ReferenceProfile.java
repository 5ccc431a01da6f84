package io.inferstream.model;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The training data's feature and output distributions, shipped with each model version as {@code
 * assets/reference_profile.json} so the drift monitor knows what "normal" looked like for exactly
 * the version being served.
 *
 * @param model model name
 * @param version model version
 * @param regime the data regime the version was trained on (demo generator)
 * @param trainingRows number of training examples profiled
 * @param featureInputs where each profiled feature enters the model, e.g. {@code f0 ->
 *     features[0]}, {@code category -> category}
 * @param numericFeatures profiles of numeric features by feature name
 * @param categoricalFeatures profiles of categorical features by feature name
 * @param outputs profiles of the model's outputs on the training data, by output name
 * @param metrics quality measured at build time, e.g. {@code heldOutAuc}
 */
public record ReferenceProfile(
        String model,
        long version,
        String regime,
        long trainingRows,
        Map<String, String> featureInputs,
        Map<String, NumericProfile> numericFeatures,
        Map<String, CategoricalProfile> categoricalFeatures,
        Map<String, NumericProfile> outputs,
        Map<String, Double> metrics) {

    /** Location inside a version folder. */
    public static final String ASSET_PATH = "assets/reference_profile.json";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** The profile file of a version folder. */
    public static Path file(Path versionDir) {
        return versionDir.resolve(ASSET_PATH);
    }

    /** Writes this profile as JSON, creating parent folders. */
    public void write(Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        JSON.writeValue(file.toFile(), this);
    }

    /** Reads a profile written by {@link #write(Path)}. */
    public static ReferenceProfile read(Path file) throws IOException {
        return JSON.readValue(file.toFile(), ReferenceProfile.class);
    }
}
