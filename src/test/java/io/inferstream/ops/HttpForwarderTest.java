package io.inferstream.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HttpForwarderTest {

    private final OpsHttpServer owner = OpsHttpServer.start("127.0.0.1", 0);
    private final HttpForwarder forwarder = new HttpForwarder(Duration.ofSeconds(2), Duration.ofSeconds(5));

    @AfterEach
    void stop() {
        owner.close();
    }

    @Test
    void shouldReturnTheOwnersAnswerAndSayWhoForwarded() {
        owner.get("/users/{id}/factors", r -> OpsResponse.json(Map.of("id", r.pathParam("id"), "k", r.queryParam("k").orElse(""),
                "forwardedBy", r.header(OpsHeaders.FORWARDED_BY).orElse("")))
            .withHeaders(Map.of(OpsHeaders.ANSWERED_BY, "owner:1", "X-Internal", "not relayed")));

        OpsResponse answer = forwarder.forward(request("/users/a%2Fb/factors", "k=3"), "127.0.0.1:" + owner.port(), "me:2");

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.contentType()).isEqualTo(OpsResponse.JSON);
        assertThat(answer.bodyText()).contains("\"id\":\"a/b\"", "\"k\":\"3\"", "\"forwardedBy\":\"me:2\"");
        assertThat(answer.headers()).containsEntry(OpsHeaders.ANSWERED_BY, "owner:1").doesNotContainKey("X-Internal");
    }

    @Test
    void shouldPassTheOwnersErrorsOnUnchanged() {
        owner.get("/busy", r -> {
            throw OpsHttpException.unavailable("rebalancing", Duration.ofSeconds(3));
        });

        OpsResponse answer = forwarder.forward(request("/busy", ""), "127.0.0.1:" + owner.port(), "me:2");

        assertThat(answer.status()).isEqualTo(503);
        assertThat(answer.headers()).containsEntry(OpsHeaders.RETRY_AFTER, "3");
        assertThat(answer.bodyText()).contains("\"error_code\":503", "rebalancing");
    }

    @Test
    void shouldAnswer503WhenTheOwnerDoesNotRespond() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        String target = "127.0.0.1:" + closedPort;

        assertThatThrownBy(() -> forwarder.forward(request("/x", ""), target, "me:2"))
            .isInstanceOfSatisfying(OpsHttpException.class, e -> {
                assertThat(e.status()).isEqualTo(503);
                assertThat(e.headers()).containsKey(OpsHeaders.RETRY_AFTER);
                assertThat(e.getMessage()).contains(target);
            });
    }

    @Test
    void shouldKnowAForwardedRequest() {
        assertThat(HttpForwarder.wasForwarded(request("/x", ""))).isFalse();
        OpsRequest forwarded = new OpsRequest("GET", "/x", "", Map.of(), Map.of(),
            Map.of("x-inferstream-forwarded-by", List.of("other:1")), false);
        assertThat(HttpForwarder.wasForwarded(forwarded)).isTrue();
    }

    private static OpsRequest request(String rawPath, String rawQuery) {
        return new OpsRequest("GET", rawPath, rawQuery, Map.of(), OpsRequest.parseQuery(rawQuery), Map.of(), false);
    }
}
