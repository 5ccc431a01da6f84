package io.inferstream.drift;

import java.lang.reflect.Field;
import java.util.Random;
import org.apache.datasketches.kll.KllSketch;

/**
 * KLL is a randomized sketch: DataSketches draws its compaction coin flips from one unseeded,
 * package-private {@code KllSketch.random}, so the same values give slightly different sketches
 * (within the error bound) from run to run. Tests that compare two computations value for value, or
 * print measurements, seed it first so they are reproducible. Test-only: production code keeps the
 * library's randomness.
 */
public final class KllRandomness {

    private KllRandomness() {
    }

    /** Seeds the coin flips of every KLL sketch in this JVM. */
    public static void seed(long seed) {
        try {
            Field field = KllSketch.class.getDeclaredField("random");
            field.setAccessible(true);
            ((Random) field.get(null)).setSeed(seed);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("DataSketches changed KllSketch.random", e);
        }
    }
}
