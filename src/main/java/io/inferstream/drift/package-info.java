/**
 * Drift monitoring: the statistics core shared by the streaming topology and the offline CLI
 * ({@code inferstream drift compare}), so a check before a deploy computes exactly what the stream
 * computes.
 *
 * <ul>
 *   <li>{@link io.inferstream.drift.profile}: mergeable, serializable distribution profiles (a KLL
 *       quantile sketch plus streaming moments for numeric values, bounded frequencies for
 *       categorical ones) and their conversion from/to the model's {@code ReferenceProfile}.
 *   <li>{@link io.inferstream.drift.stats}: the drift metrics between a reference and a current
 *       profile (PSI, Kolmogorov-Smirnov, Jensen-Shannon, normalized Wasserstein, chi-square).
 *   <li>{@link io.inferstream.drift.detect}: thresholds and verdicts, alert hysteresis, and the
 *       sequential detectors (Page-Hinkley, ADWIN) for per-record error streams.
 *   <li>{@link io.inferstream.drift.offline}: CSV data files for the offline commands.
 * </ul>
 */
package io.inferstream.drift;
