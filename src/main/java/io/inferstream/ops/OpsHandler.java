package io.inferstream.ops;

/**
 * Answers one route. Returns the response, or throws {@link OpsHttpException} for an answer with an error status;
 * any other exception becomes a 500 with a JSON error body (and is logged).
 */
@FunctionalInterface
public interface OpsHandler {

    OpsResponse handle(OpsRequest request);
}
