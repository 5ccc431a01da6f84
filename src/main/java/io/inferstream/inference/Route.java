package io.inferstream.inference;

import io.inferstream.avro.ServingRole;
import io.inferstream.model.Scorer;
import java.util.Objects;
import java.util.Optional;

/**
 * Where one request goes: the scorer that answers it, in which role, and optionally a shadow scorer
 * that scores a copy whose outputs are only compared, never returned.
 */
public record Route(Scorer scorer, ServingRole role, Optional<Scorer> shadow) {
    public Route {
        Objects.requireNonNull(scorer, "scorer");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(shadow, "shadow");
    }
}
