package io.inferstream.inference;

import io.inferstream.avro.ServingRole;
import io.inferstream.model.Scorer;
import java.util.Collections;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * An immutable snapshot of how one model is served: its loaded versions and which of them is
 * stable, canary (with its traffic share) and shadow. {@link ModelManager} swaps whole snapshots
 * atomically, so a stream thread never sees a half-applied change.
 *
 * @param name        model name
 * @param versions    loaded versions
 * @param stable      the version that takes the traffic not sent to the canary
 * @param canary      the candidate version, if any
 * @param canaryShare share of keys in [0,1] routed to the canary
 * @param shadow      the version that scores a copy of the traffic, if any
 */
public record ServedModel(String name, NavigableMap<Long, Scorer> versions, long stable, OptionalLong canary,
                          double canaryShare, OptionalLong shadow) {

    public ServedModel {
        versions = Collections.unmodifiableNavigableMap(new TreeMap<>(versions));
        if (!versions.containsKey(stable)) {
            throw new IllegalArgumentException("stable version " + stable + " of " + name + " is not loaded");
        }
        if (canaryShare < 0 || canaryShare > 1 || Double.isNaN(canaryShare)) {
            throw new IllegalArgumentException("canary share must be in [0,1], got " + canaryShare);
        }
    }

    /**
     * Routes a request: a pinned version if the request names one, else the canary for the keys whose
     * hash falls in its share (deterministic, so a key sticks to one version), else the stable one.
     */
    public Route route(Long requestedVersion, double keyFraction) throws RequestRejectedException {
        Optional<Scorer> shadowScorer = shadow.isPresent() ? Optional.ofNullable(versions.get(shadow.getAsLong())) : Optional.empty();
        if (requestedVersion != null) {
            Scorer pinned = versions.get(requestedVersion);
            if (pinned == null) {
                throw new RequestRejectedException(RejectCode.UNKNOWN_VERSION, "model '" + name + "' has no served version "
                    + requestedVersion + "; served versions: " + versions.keySet());
            }
            ServingRole role = canary.isPresent() && canary.getAsLong() == requestedVersion ? ServingRole.CANARY : ServingRole.PRIMARY;
            return new Route(pinned, role, shadowScorer.filter(s -> s != pinned));
        }
        if (canary.isPresent() && keyFraction < canaryShare) {
            Scorer c = versions.get(canary.getAsLong());
            if (c != null) {
                return new Route(c, ServingRole.CANARY, shadowScorer.filter(s -> s != c));
            }
        }
        Scorer s = versions.get(stable);
        return new Route(s, ServingRole.PRIMARY, shadowScorer.filter(x -> x != s));
    }
}
