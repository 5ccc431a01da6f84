package io.inferstream.inference;

import io.inferstream.avro.ModelEvent;
import io.inferstream.avro.ModelEventType;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * An operator's decisions for one model, changed by model-control commands: a pinned version, a
 * canary with its share, a shadow, and the history of stable versions that ROLLBACK walks back.
 * Every instance applies the same commands in the same order (it reads the whole model-control
 * topic), so every instance reaches the same decisions. Not thread-safe: {@link ModelManager} uses it
 * from its single thread.
 */
final class ModelControls {

    private OptionalLong pinned;
    private OptionalLong canary;
    private double canaryShare;
    private OptionalLong shadow;
    private final Deque<Long> stableHistory = new ArrayDeque<>();

    ModelControls(ModelPolicy policy) {
        this.pinned = policy.pinned();
        this.canary = policy.canary();
        this.canaryShare = policy.canaryShare();
        this.shadow = policy.shadow();
    }

    OptionalLong pinned() {
        return pinned;
    }

    OptionalLong canary() {
        return canary;
    }

    double canaryShare() {
        return canaryShare;
    }

    OptionalLong shadow() {
        return shadow;
    }

    /** Records a change of stable version, for ROLLBACK. */
    void stableChanged(long previous) {
        if (stableHistory.isEmpty() || stableHistory.peek() != previous) {
            stableHistory.push(previous);
        }
        while (stableHistory.size() > 16) {
            stableHistory.removeLast();
        }
    }

    /**
     * Applies a command and says what it did, as a report to publish (empty for a command that
     * changes nothing). Throws IllegalArgumentException for a command that cannot apply.
     */
    Optional<Report> apply(ModelEvent command, long currentStable) {
        ModelEventType type = command.getType();
        Long version = command.getVersion();
        switch (type) {
            case PIN -> {
                pinned = OptionalLong.of(require(version, type));
                return Optional.of(new Report(ModelEventType.DEPLOYED, pinned.getAsLong(), "pinned by operator"));
            }
            case UNPIN -> {
                pinned = OptionalLong.empty();
                return Optional.empty();
            }
            case SET_CANARY -> {
                double share = command.getShare() == null ? 0.1 : command.getShare();
                if (version == null || share <= 0) {
                    canary = OptionalLong.empty();
                    canaryShare = 0;
                    return Optional.empty();
                }
                if (!(share <= 1)) {
                    throw new IllegalArgumentException("canary share must be in (0,1], got " + share);
                }
                canary = OptionalLong.of(version);
                canaryShare = share;
                return Optional.of(new Report(ModelEventType.DEPLOYED, version, "canary with share " + share));
            }
            case SET_SHADOW -> {
                shadow = version == null ? OptionalLong.empty() : OptionalLong.of(version);
                return shadow.isPresent()
                    ? Optional.of(new Report(ModelEventType.DEPLOYED, version, "shadow"))
                    : Optional.empty();
            }
            case PROMOTE -> {
                long promoted = version != null ? version
                    : canary.orElseThrow(() -> new IllegalArgumentException("PROMOTE without a version needs a canary"));
                pinned = OptionalLong.of(promoted);
                canary = OptionalLong.empty();
                canaryShare = 0;
                return Optional.of(new Report(ModelEventType.DEPLOYED, promoted, "promoted to stable"));
            }
            case ROLLBACK -> {
                if (version == null && canary.isPresent()) {
                    long withdrawn = canary.getAsLong();
                    canary = OptionalLong.empty();
                    canaryShare = 0;
                    return Optional.of(new Report(ModelEventType.ROLLED_BACK, withdrawn, "canary withdrawn"));
                }
                long target = version != null ? version : previousStable(currentStable);
                pinned = OptionalLong.of(target);
                return Optional.of(new Report(ModelEventType.ROLLED_BACK, target, "rolled back from " + currentStable));
            }
            default -> throw new IllegalArgumentException(type + " is not a command");
        }
    }

    private long previousStable(long currentStable) {
        for (long v : stableHistory) {
            if (v != currentStable) {
                return v;
            }
        }
        throw new IllegalArgumentException("no earlier stable version to roll back to; name one");
    }

    private static long require(Long version, ModelEventType type) {
        if (version == null) {
            throw new IllegalArgumentException(type + " needs a version");
        }
        return version;
    }

    /** What a command did, to publish on model-control. */
    record Report(ModelEventType type, long version, String reason) { }

    /** Whether an event on model-control is an operator command (the rest are instances' reports). */
    static boolean isCommand(ModelEventType type) {
        return switch (type) {
            case PIN, UNPIN, PROMOTE, ROLLBACK, SET_CANARY, SET_SHADOW -> true;
            default -> false;
        };
    }
}
