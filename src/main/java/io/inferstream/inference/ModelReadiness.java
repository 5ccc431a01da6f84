package io.inferstream.inference;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Whether the scoring topology has its models: every model the configuration names ({@code inference.models.<name>.*}
 * and {@code inference.default.model}) has a served version; when it names none, at least one model is served (a
 * scoring topology without any model dead-letters every request as UNKNOWN_MODEL).
 */
public final class ModelReadiness {

    private final ModelRoutes routes;
    private final Set<String> required;

    public ModelReadiness(ModelRoutes routes, Set<String> required) {
        this.routes = routes;
        this.required = Set.copyOf(required);
    }

    /** Empty when the models are there, else what is missing, for the readiness probe's answer. */
    public Optional<String> problem() {
        Map<String, ServedModel> served = routes.snapshot();
        if (required.isEmpty()) {
            return served.isEmpty() ? Optional.of("no model loaded yet") : Optional.empty();
        }
        List<String> missing = new TreeSet<>(required).stream().filter(m -> !served.containsKey(m)).toList();
        return missing.isEmpty() ? Optional.empty() : Optional.of("models not loaded yet: " + String.join(", ", missing));
    }
}
