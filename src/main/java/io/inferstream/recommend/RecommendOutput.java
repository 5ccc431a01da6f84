package io.inferstream.recommend;

import io.inferstream.avro.DeadLetter;
import io.inferstream.avro.ItemFactorUpdate;
import io.inferstream.avro.Recommendations;

/** What the user-side processors emit; the topology sends each kind to its own topic. */
sealed interface RecommendOutput {

    /** A rejected event or request, keyed by its original key bytes. */
    record DeadLettered(byte[] key, DeadLetter letter) implements RecommendOutput {
    }

    /** The learning step for the item's partition (record key: item id). */
    record ItemUpdate(ItemFactorUpdate update) implements RecommendOutput {
    }

    /** A user's feed (record key: user id). */
    record Feed(Recommendations feed) implements RecommendOutput {
    }

    /** One task's prequential counts of a closed evaluation window (record timestamp: the window start). */
    record EvalPartial(long windowStart, EvalCounts counts) implements RecommendOutput {
    }
}
