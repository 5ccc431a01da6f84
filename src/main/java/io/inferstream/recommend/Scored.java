package io.inferstream.recommend;

/** An item with its score (higher is better). */
public record Scored(String itemId, double score) {
}
