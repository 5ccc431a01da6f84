package io.inferstream.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class HttpSettingsTest {

    private static HttpSettings load(String... settings) {
        return ConfigLoader.load(Optional.empty(), Map.of(), List.of(settings)).http();
    }

    @Test
    void shouldAdvertiseTheListenAddressByDefault() {
        HttpSettings http = load("http.port=8090");

        assertThat(http.advertisedHost()).isEmpty();
        assertThat(http.advertisedHostName()).isEqualTo("127.0.0.1");
        assertThat(http.applicationServer()).isEqualTo("127.0.0.1:8090");
        assertThat(http.applicationServer(41234)).isEqualTo("127.0.0.1:41234");
    }

    @Test
    void shouldAdvertiseTheHostNameWhenListeningOnEveryInterface() throws Exception {
        assertThat(load("http.host=0.0.0.0").advertisedHostName()).isEqualTo(InetAddress.getLocalHost().getHostName());
    }

    @Test
    void shouldAdvertiseTheConfiguredHost() {
        HttpSettings http = load("http.host=0.0.0.0", "http.advertised.host=inferstream-1.internal");

        assertThat(http.applicationServer()).isEqualTo("inferstream-1.internal:8080");
        assertThat(http.withPort(0).withPort(9000).applicationServer()).isEqualTo("inferstream-1.internal:9000");
    }

    @Test
    void shouldBracketIpv6Literals() {
        assertThat(load("http.host=::1").applicationServer(8080)).isEqualTo("[::1]:8080");
    }

    @Test
    void shouldRefuseWildcardAndMalformedAdvertisedHosts() {
        assertThatThrownBy(() -> load("http.advertised.host=0.0.0.0")).isInstanceOf(ConfigException.class)
            .hasMessageContaining("http.advertised.host: must be an address other instances can reach");
        assertThatThrownBy(() -> load("http.advertised.host=a b")).isInstanceOf(ConfigException.class)
            .hasMessageContaining("http.advertised.host: expected a host name or address");
    }
}
