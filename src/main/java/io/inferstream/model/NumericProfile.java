package io.inferstream.model;

import java.util.Arrays;
import java.util.Base64;
import org.apache.datasketches.kll.KllDoublesSketch;

/**
 * Distribution summary of one numeric feature or output over a reference data set, the baseline
 * the drift monitor compares live traffic against.
 *
 * @param count number of values
 * @param mean arithmetic mean
 * @param std population standard deviation
 * @param min smallest value
 * @param max largest value
 * @param quantiles 101 values: {@code quantiles[p]} is the p-th percentile (linear interpolation)
 * @param sample up to {@link #MAX_SAMPLE} of the values (a prefix of i.i.d. data, hence a uniform
 *     sample), for tests that need raw values such as Kolmogorov-Smirnov
 * @param kllSketch base64 of an Apache DataSketches {@code KllDoublesSketch} (k = {@value #KLL_K}) of
 *     all values, in DataSketches' serialization: what the drift monitor compares windows against
 *     (mergeable with the stream's sketches); null in profiles written before it was added
 */
public record NumericProfile(
        long count, double mean, double std, double min, double max, double[] quantiles, float[] sample,
        String kllSketch) {

    /** Cap on {@link #sample()} length. */
    public static final int MAX_SAMPLE = 10_000;
    /** Size parameter of {@link #kllSketch()}: DataSketches' default, as the drift monitor's sketches. */
    public static final int KLL_K = 200;

    /** Profiles every {@code stride}-th value of {@code values} starting at {@code offset}. */
    public static NumericProfile of(float[] values, int offset, int stride) {
        int n = values.length <= offset ? 0 : (values.length - offset + stride - 1) / stride;
        double[] sorted = new double[n];
        KllDoublesSketch sketch = KllDoublesSketch.newHeapInstance(KLL_K);
        float[] sample = new float[Math.min(n, MAX_SAMPLE)];
        double sum = 0;
        for (int i = 0; i < n; i++) {
            float v = values[offset + i * stride];
            sorted[i] = v;
            sum += v;
            sketch.update(v);
            if (i < sample.length) {
                sample[i] = v;
            }
        }
        double mean = n == 0 ? 0 : sum / n;
        double squares = 0;
        for (double v : sorted) {
            squares += (v - mean) * (v - mean);
        }
        Arrays.sort(sorted);
        double[] quantiles = new double[101];
        for (int p = 0; p <= 100 && n > 0; p++) {
            double pos = p / 100.0 * (n - 1);
            int lo = (int) Math.floor(pos);
            int hi = Math.min(lo + 1, n - 1);
            quantiles[p] = sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
        }
        return new NumericProfile(n, mean, n == 0 ? 0 : Math.sqrt(squares / n),
                n == 0 ? 0 : sorted[0], n == 0 ? 0 : sorted[n - 1], quantiles, sample,
                Base64.getEncoder().encodeToString(sketch.toByteArray()));
    }
}
