package io.inferstream.registry;

/**
 * No registry answered: every URL refused the connection or timed out on every try. Distinct from
 * {@link RegistryException}s the registry itself answered, so callers can tell "down" from "said no".
 * Its {@link #httpStatus()} is {@value #NO_RESPONSE}, since there was no HTTP response.
 */
public class RegistryUnavailableException extends RegistryException {
    public static final int NO_RESPONSE = 0;

    public RegistryUnavailableException(String message, Throwable cause) {
        super(NO_RESPONSE, NO_RESPONSE, message, cause);
    }
}
