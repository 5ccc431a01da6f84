package io.inferstream.recommend.eval;

import io.inferstream.avro.UserEvent;
import io.inferstream.recommend.MfSettings;
import io.inferstream.recommend.Scored;
import io.inferstream.recommend.synthetic.SyntheticEvents;
import io.inferstream.recommend.synthetic.SyntheticSettings;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Prequential evaluation as in the ISGD paper (Vinagre, Jorge and Gama 2014), on a generated stream: for every event,
 * before anything learns from it, each model recommends the user's top-N items the user has not consumed yet, and
 * it is a hit when the event's item is among them; then the online model learns from the event and the user's seen
 * set grows. Three models are compared on the same events:
 * <ul>
 *   <li>online: online MF with the user-side rule {@link QualityOptions#adaptation()} ({@link IsgdModel}, the
 *       topology's steps), learning from every event;</li>
 *   <li>popularity: the N unseen items with the most events so far;</li>
 *   <li>offline: implicit-feedback ALS ({@link ImplicitAls}) fitted by several sweeps over a prefix of the stream,
 *       then frozen and evaluated on the rest with the same protocol (seen sets still grow). Users it never met get
 *       the prefix's most popular items, items it never met cannot be recommended: what a batch model retrained
 *       only at the prefix's end would do. (ISGD's own positive-only loss is no fair batch reference: fitted for
 *       many shuffled epochs it drifts towards the trivial solution where every p.q is 1, and its recall falls
 *       with every epoch.)</li>
 * </ul>
 * With a planted shift, the online model's recall per window after the shift is compared with its level just
 * before it.
 *
 * <p>Every event weighs 1 whatever its type, so the numbers do not depend on event-type weights.
 */
public final class QualityRun {

    private static final Logger log = LoggerFactory.getLogger(QualityRun.class);

    private QualityRun() {
    }

    /** {@link #run(SyntheticSettings, MfSettings, QualityOptions)} with {@link QualityOptions#defaults()}. */
    public static QualityReport run(SyntheticSettings data, MfSettings mf) {
        return run(data, mf, QualityOptions.defaults());
    }

    public static QualityReport run(SyntheticSettings data, MfSettings mf, QualityOptions options) {
        List<UserEvent> events = new ArrayList<>((int) Math.min(Integer.MAX_VALUE - 8, data.events()));
        SyntheticEvents.generate(data).forEachRemaining(events::add);
        return evaluate(events, data.hasShift() ? data.shiftAt() : -1, mf, options);
    }

    /**
     * Evaluates any event stream (positive feedback only; types and values are ignored).
     *
     * @param shiftAt event index of a known preference shift, -1 for none
     */
    public static QualityReport evaluate(List<UserEvent> events, long shiftAt, MfSettings mf, QualityOptions options) {
        int n = events.size();
        int trainEvents = (int) (n * options.offlineTrainShare());
        ImplicitAls offline = trainEvents > 0 ? ImplicitAls.fit(events.subList(0, trainEvents), mf.factors(),
            options.offlineEpochs(), options.offlineLambda(), options.offlineAlpha(), mf.seed()) : null;
        IsgdModel online = new IsgdModel(mf, options.adaptation());
        Map<String, Set<String>> seen = new HashMap<>();
        BitSet onlineHits = new BitSet(n);
        BitSet popularityHits = new BitSet(n);
        BitSet offlineHits = new BitSet(n);
        int topN = options.topN();
        for (int t = 0; t < n; t++) {
            UserEvent e = events.get(t);
            String user = e.getUserId();
            String item = e.getItemId();
            Set<String> userSeen = seen.computeIfAbsent(user, k -> new HashSet<>());
            onlineHits.set(t, contains(online.recommend(user, topN, userSeen::contains), item));
            popularityHits.set(t, contains(online.index().popular(topN, userSeen::contains), item));
            if (offline != null && t >= trainEvents) {
                offlineHits.set(t, contains(offline.recommend(user, topN, userSeen::contains), item));
            }
            userSeen.add(item);
            online.count(item);
            online.learn(user, item, 1f);
        }
        QualityReport report = new QualityReport(topN, n, rate(onlineHits, 0, n), rate(popularityHits, 0, n),
            offline == null ? Double.NaN : rate(offlineHits, trainEvents, n),
            offline == null ? Double.NaN : rate(onlineHits, trainEvents, n), offline == null ? 0 : trainEvents,
            buckets(onlineHits, popularityHits, n, options.buckets()),
            shiftAt >= 0 && shiftAt < n ? recovery(onlineHits, n, shiftAt, options) : null);
        log.debug("quality: {}", report);
        return report;
    }

    private static List<QualityReport.Bucket> buckets(BitSet online, BitSet popularity, int n, int buckets) {
        List<QualityReport.Bucket> out = new ArrayList<>();
        if (n == 0) {
            return out;
        }
        int size = (n + buckets - 1) / buckets;
        for (int from = 0; from < n; from += size) {
            int to = Math.min(n, from + size);
            out.add(new QualityReport.Bucket(from, to, rate(online, from, to), rate(popularity, from, to)));
        }
        return out;
    }

    private static QualityReport.ShiftRecovery recovery(BitSet hits, int n, long shiftAt, QualityOptions options) {
        int shift = (int) shiftAt;
        int post = n - shift;
        int window = Math.max(1, (int) Math.round(post * options.shiftWindowShare()));
        int preFrom = Math.max(0, shift - options.preShiftWindows() * window);
        double pre = rate(hits, preFrom, shift);
        double threshold = (1 - options.recoveryTolerance()) * pre;
        List<Double> windows = new ArrayList<>();
        double lowest = Double.NaN;
        long recoveredAfter = -1;
        for (int from = shift; from + window <= n; from += window) {
            double r = rate(hits, from, from + window);
            windows.add(r);
            lowest = Double.isNaN(lowest) ? r : Math.min(lowest, r);
            if (recoveredAfter < 0 && r >= threshold) {
                recoveredAfter = from + window - shift;
            }
        }
        boolean recovered = recoveredAfter >= 0;
        long after = recovered ? recoveredAfter : post;
        return new QualityReport.ShiftRecovery(shiftAt, window, pre, lowest, recovered, after, (double) after / post, windows);
    }

    private static boolean contains(List<Scored> list, String item) {
        for (Scored s : list) {
            if (s.itemId().equals(item)) {
                return true;
            }
        }
        return false;
    }

    private static double rate(BitSet hits, int from, int to) {
        if (to <= from) {
            return Double.NaN;
        }
        return (double) hits.get(from, to).cardinality() / (to - from);
    }

}
