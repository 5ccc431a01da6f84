package io.inferstream.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.inferstream.avro.InferenceRequest;
import io.inferstream.avro.UserEvent;
import io.inferstream.model.DemoModels;
import io.inferstream.model.SyntheticCtr;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

class DemoTrafficTest {

    private static final int BAD_EVERY = 10;

    /** One demo run's generated traffic, sent to mock producers (nothing started: {@link DemoTraffic#send} directly). */
    private record Run(MockProducer<String, InferenceRequest> requests, DemoClicks clicks, DemoTraffic traffic) {

        static Run of(String runId) {
            MockProducer<String, InferenceRequest> requests = new MockProducer<>(true, null, new StringSerializer(), (topic, v) -> new byte[0]);
            DemoClicks clicks = new DemoClicks(new MockProducer<>(true, null, new StringSerializer(), (topic, v) -> new byte[0]),
                "user-events", new Random(7));
            return new Run(requests, clicks, new DemoTraffic(requests, "inference-requests", runId, 100, BAD_EVERY).clicks(clicks));
        }

        /** Sends the same reproducible traffic in every run: two batches of a seeded sample. */
        Run sendTwoBatches() {
            SyntheticCtr generator = new SyntheticCtr(SyntheticCtr.Regime.BASELINE, 42);
            traffic.send(generator.sample(150), false);
            traffic.send(generator.sample(150), true);
            return this;
        }

        List<InferenceRequest> sent() {
            return requests.history().stream().map(ProducerRecord::value).toList();
        }

        Set<String> sentIds() {
            return sent().stream().map(InferenceRequest::getRequestId).collect(Collectors.toSet());
        }
    }

    @Test
    void shouldGiveTwoRunsDisjointRequestIds() {
        Run first = Run.of(DemoTraffic.newRunId()).sendTwoBatches();
        Run second = Run.of(DemoTraffic.newRunId()).sendTwoBatches();

        assertThat(first.traffic().runId()).isNotEqualTo(second.traffic().runId()).matches("[0-9a-f]{8}");
        assertThat(first.sentIds()).hasSize(300).doesNotContainAnyElementsOf(second.sentIds());
        assertThat(second.sentIds()).hasSize(300);
        assertThat(first.sent().get(0).getRequestId()).isEqualTo("demo-" + first.traffic().runId() + "-1");
        assertThat(first.sent().get(299).getRequestId()).isEqualTo("demo-" + first.traffic().runId() + "-300");
        assertThat(first.traffic().sent()).isEqualTo(300);
    }

    @Test
    void shouldKeepTheTrafficOfARunTheSameApartFromItsRunId() {
        List<InferenceRequest> first = Run.of("aaaaaaaa").sendTwoBatches().sent();
        List<InferenceRequest> second = Run.of("bbbbbbbb").sendTwoBatches().sent();

        assertThat(second).hasSameSizeAs(first);
        for (int i = 0; i < first.size(); i++) {
            assertThat(second.get(i).getRequestId()).isEqualTo(first.get(i).getRequestId().replace("aaaaaaaa", "bbbbbbbb"));
            assertThat(second.get(i).getUserId()).isEqualTo(first.get(i).getUserId());
            assertThat(second.get(i).getFeatures()).isEqualTo(first.get(i).getFeatures());
        }
    }

    @Test
    void shouldClickOnlyOnWellFormedRequestsThisRunSent() {
        Run first = Run.of("aaaaaaaa").sendTwoBatches();
        Run second = Run.of("bbbbbbbb").sendTwoBatches();
        Map<String, InferenceRequest> sent = first.sent().stream()
            .collect(Collectors.toMap(InferenceRequest::getRequestId, Function.identity()));

        List<UserEvent> clicks = first.clicks().pending();
        assertThat(clicks).isNotEmpty();
        for (UserEvent click : clicks) {
            InferenceRequest request = sent.get(click.getRequestId());
            assertThat(request).as("request of click %s", click.getRequestId()).isNotNull();
            assertThat(request.getFeatures()).as("a malformed request is dead-lettered: nothing to click")
                .containsKey(DemoModels.INPUT_CATEGORY);
            assertThat(click.getUserId()).isEqualTo(request.getUserId());
            assertThat(click.getItemId()).isEqualTo("ad-c" + request.getFeatures().get(DemoModels.INPUT_CATEGORY).getLongValues().get(0));
        }
        assertThat(second.clicks().pending()).extracting(UserEvent::getRequestId).doesNotContainAnyElementsOf(sent.keySet());
        assertThat(first.sent()).filteredOn(r -> !r.getFeatures().containsKey(DemoModels.INPUT_CATEGORY)).hasSize(300 / BAD_EVERY);
    }
}
