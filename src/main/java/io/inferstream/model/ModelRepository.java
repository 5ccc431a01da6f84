package io.inferstream.model;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A model repository in TensorFlow Serving's layout: {@code <root>/<model>/<integer
 * version>/saved_model.pb + variables/ (+ assets/)}. Scanning is cheap and side-effect free, so
 * the topology can rescan periodically to discover new versions.
 *
 * <p>Only directories whose name is a non-negative integer count as versions (leading zeros
 * allowed, as in {@code 00000123}); anything else (temporary export folders, dot folders, files)
 * is ignored, so a version can be written under a temporary name and renamed into place
 * atomically.
 */
public final class ModelRepository {

    private static final Logger LOG = LoggerFactory.getLogger(ModelRepository.class);

    private final Path root;

    public ModelRepository(Path root) {
        this.root = Objects.requireNonNull(root, "root").toAbsolutePath().normalize();
    }

    public Path root() {
        return root;
    }

    /** Model names (sub-directories of the root, dot folders excluded), sorted. */
    public List<String> models() {
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        try (Stream<Path> children = Files.list(root)) {
            return children
                    .filter(Files::isDirectory)
                    .map(p -> p.getFileName().toString())
                    .filter(n -> !n.startsWith("."))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list model repository " + root, e);
        }
    }

    /** All versions of a model present on disk, ascending; empty when the model does not exist. */
    public List<ModelVersion> versions(String model) {
        Path modelDir = root.resolve(model);
        if (!Files.isDirectory(modelDir)) {
            return List.of();
        }
        List<ModelVersion> found = new ArrayList<>();
        try (Stream<Path> children = Files.list(modelDir)) {
            children.filter(Files::isDirectory).sorted().forEach(dir -> {
                String name = dir.getFileName().toString();
                Long version = parseVersion(name);
                if (version == null) {
                    LOG.debug("ignoring non-version folder {}", dir);
                } else {
                    found.add(new ModelVersion(model, version, dir));
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list model folder " + modelDir, e);
        }
        Collections.sort(found);
        return found;
    }

    /** The versions of a model that {@code policy} selects, ascending. */
    public List<ModelVersion> servable(String model, VersionPolicy policy) {
        Map<Long, ModelVersion> byNumber = new TreeMap<>();
        for (ModelVersion v : versions(model)) {
            // Two folders may parse to the same number ("1" and "001"); keep the first in name order.
            byNumber.putIfAbsent(v.version(), v);
        }
        List<Long> missing = policy.kind() == VersionPolicy.Kind.SPECIFIC ? policy.missing(byNumber.keySet()) : List.of();
        if (!missing.isEmpty()) {
            LOG.warn("model {}: policy {} asks for versions {} that are not in {}", model, policy, missing, root);
        }
        return policy.select(byNumber.keySet()).stream().map(byNumber::get).toList();
    }

    /** Every model with all its versions. */
    public Map<String, List<ModelVersion>> scan() {
        Map<String, List<ModelVersion>> all = new TreeMap<>();
        for (String model : models()) {
            all.put(model, versions(model));
        }
        return all;
    }

    /** The version number a folder name denotes, or {@code null} when it is not one. */
    static Long parseVersion(String name) {
        if (name.isEmpty() || name.length() > 18) {
            return null;
        }
        for (int i = 0; i < name.length(); i++) {
            if (name.charAt(i) < '0' || name.charAt(i) > '9') {
                return null;
            }
        }
        return Long.parseLong(name);
    }
}
