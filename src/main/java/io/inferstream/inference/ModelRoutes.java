package io.inferstream.inference;

import java.util.Map;

/**
 * Resolves a request's model name (or the default) to its current {@link ServedModel}. Implemented
 * by {@link ModelManager}; topology tests implement it over pure-Java scorers.
 */
@FunctionalInterface
public interface ModelRoutes {

    /** The served models by name, as of now. */
    Map<String, ServedModel> snapshot();

    /**
     * The model a request should go to: the named one, or, for a request that names none, the
     * configured default or else the only model served.
     */
    default ServedModel resolve(String model, String defaultModel) throws RequestRejectedException {
        Map<String, ServedModel> served = snapshot();
        String name = model != null && !model.isBlank() ? model : defaultModel;
        if (name == null && served.size() == 1) {
            return served.values().iterator().next();
        }
        if (name == null) {
            throw new RequestRejectedException(RejectCode.UNKNOWN_MODEL,
                "the request names no model and no default model is configured; served models: " + served.keySet());
        }
        ServedModel m = served.get(name);
        if (m == null) {
            throw new RequestRejectedException(RejectCode.UNKNOWN_MODEL, "model '" + name + "' is not served; served models: " + served.keySet());
        }
        return m;
    }
}
