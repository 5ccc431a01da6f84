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

    /** One task's evaluation progress: its newly closed windows' counts and its watermark. */
    record Progress(EvalProgress progress) implements RecommendOutput {
    }
}
