package io.inferstream.recommend;

import io.inferstream.avro.RecommendationRequest;
import io.inferstream.avro.UserProfile;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Answers explicit feed requests at once, ranked like the event-driven feeds. Runs in the user side's task
 * (recommendation-requests is co-partitioned with user-events), so it reads the user's profile from the local store.
 */
final class FeedRequestProcessor implements Processor<byte[], byte[], String, RecommendOutput> {

    private static final String NAME = "answer-request";

    private final int defaultK;
    private final InputDecoder decoder;
    private final Feeds feeds;
    private ProcessorContext<String, RecommendOutput> context;
    private KeyValueStore<String, UserProfile> profiles;

    FeedRequestProcessor(int defaultK, InputDecoder decoder, ItemIndex index) {
        this.defaultK = defaultK;
        this.decoder = decoder;
        this.feeds = new Feeds(index);
    }

    @Override
    public void init(ProcessorContext<String, RecommendOutput> context) {
        this.context = context;
        this.profiles = context.getStateStore(RecommendStores.USER_PROFILES);
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        RecommendationRequest request;
        try {
            request = decoder.request(Rejections.topic(context), record.value());
            if (!Rejections.keyedBy(record.key(), request.getUserId())) {
                throw new EventRejectedException(EventRejectCode.WRONG_KEY, "key is not the userId " + request.getUserId());
            }
        } catch (EventRejectedException e) {
            Rejections.forward(context, record, e.code(), e.getMessage(), NAME);
            return;
        }
        String userId = request.getUserId();
        int k = request.getK() == 0 ? defaultK : request.getK();
        long now = context.currentSystemTimeMs();
        RecommendOutput feed = new RecommendOutput.Feed(feeds.feed(userId, profiles.get(userId), k, now));
        context.forward(new Record<>(userId, feed, record.timestamp()));
    }
}
