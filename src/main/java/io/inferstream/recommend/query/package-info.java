/**
 * Interactive queries over the recommendation topology's state, on Inferstream's HTTP server: a user's feed and
 * factors (answered by the instance owning the user's partition, forwarded there from any other) and an item's
 * similar items (answered by any instance from its replica of the item factors). Start with
 * {@link io.inferstream.recommend.query.RecommendationQueries#register}.
 */
package io.inferstream.recommend.query;
