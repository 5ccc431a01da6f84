package io.inferstream.recommend;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * Deterministic initial factors: a new id's vector is drawn from N(0, initScale^2) with a generator seeded by the id
 * and the configured seed. The user side (which meets a new item first, through the global store) and the item's
 * own partition therefore start every item from the same vector without talking to each other, and a replay after
 * a crash starts from the same place.
 */
public final class FactorInit {

    private FactorInit() {
    }

    public static float[] of(String id, MfSettings settings) {
        SplittableRandom random = new SplittableRandom(settings.seed() ^ fingerprint(id));
        float[] v = new float[settings.factors()];
        for (int k = 0; k < v.length; k++) {
            v[k] = (float) (random.nextGaussian() * settings.initScale());
        }
        return v;
    }

    /** 64-bit FNV-1a of the id's UTF-8 bytes: stable across JVMs, unlike String.hashCode's 32 bits. */
    static long fingerprint(String id) {
        long h = 0xcbf29ce484222325L;
        for (byte b : id.getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xff;
            h *= 0x100000001b3L;
        }
        return h;
    }
}
