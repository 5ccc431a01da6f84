package io.inferstream.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RegistryClientConfigTest {

    @Test
    void shouldReadConfluentClientPropertyNames() {
        RegistryClientConfig c = RegistryClientConfig.fromProperties(Map.ofEntries(
                Map.entry("schema.registry.url", "https://a:8081, https://b:8081"),
                Map.entry("basic.auth.credentials.source", "USER_INFO"),
                Map.entry("schema.registry.basic.auth.user.info", "svc:Secret1"),
                Map.entry("schema.registry.ssl.truststore.location", "/etc/trust.p12"),
                Map.entry("schema.registry.ssl.truststore.password", "Secret2"),
                Map.entry("schema.registry.ssl.keystore.location", "/etc/key.p12"),
                Map.entry("schema.registry.ssl.keystore.password", "Secret3"),
                Map.entry("schema.registry.ssl.key.password", "Secret4"),
                Map.entry("http.connect.timeout.ms", 1500),
                Map.entry("http.read.timeout.ms", "2500"),
                Map.entry("max.retries", "4"),
                Map.entry("retries.wait.ms", 20),
                Map.entry("retries.max.wait.ms", 300),
                Map.entry("retries.total.timeout.ms", 5000),
                Map.entry("schema.registry.cache.capacity", 50)));
        assertThat(c.urls()).containsExactly(URI.create("https://a:8081"), URI.create("https://b:8081"));
        assertThat(c.basicAuthUserInfo()).isEqualTo("svc:Secret1");
        assertThat(c.tls().truststorePath()).isEqualTo(Path.of("/etc/trust.p12"));
        assertThat(c.tls().keystorePath()).isEqualTo(Path.of("/etc/key.p12"));
        assertThat(c.tls().keyPassword()).isEqualTo("Secret4");
        assertThat(c.connectTimeout()).isEqualTo(Duration.ofMillis(1500));
        assertThat(c.requestTimeout()).isEqualTo(Duration.ofMillis(2500));
        assertThat(c.maxAttempts()).isEqualTo(5);
        assertThat(c.retryBackoff()).isEqualTo(Duration.ofMillis(20));
        assertThat(c.maxRetryBackoff()).isEqualTo(Duration.ofMillis(300));
        assertThat(c.maxRetryTime()).isEqualTo(Duration.ofMillis(5000));
        assertThat(c.cacheCapacity()).isEqualTo(50);
        assertThat(c.toString()).doesNotContain("Secret");
    }

    @Test
    void shouldUseDefaultsAndUnderstandMockUrls() {
        RegistryClientConfig c = RegistryClientConfig.of("mock://my-scope");
        assertThat(c.isMock()).isTrue();
        assertThat(c.mockScope()).isEqualTo("my-scope");
        assertThat(c.maxAttempts()).isEqualTo(RegistryClientConfig.DEFAULT_MAX_ATTEMPTS);
        assertThat(c.basicAuthUserInfo()).isNull();
        assertThat(c.tls()).isNull();
    }

    @Test
    void shouldRejectBadSettingsClearly() {
        assertThatThrownBy(() -> RegistryClientConfig.fromProperties(Map.of("schema.registry.url", "http://a",
                "basic.auth.credentials.source", "USER_INFO"))).hasMessageContaining("basic.auth.user.info");
        assertThatThrownBy(() -> RegistryClientConfig.fromProperties(Map.of("schema.registry.url", "http://a",
                "basic.auth.credentials.source", "SASL_INHERIT"))).hasMessageContaining("SASL_INHERIT");
        assertThatThrownBy(() -> RegistryClientConfig.fromProperties(Map.of("schema.registry.url", "http://a",
                "max.retries", "many"))).hasMessageContaining("max.retries");
        assertThatThrownBy(() -> RegistryClientConfig.of("mock://a,http://b")).hasMessageContaining("mock://");
        assertThatThrownBy(() -> RegistryClientConfig.of(" , ")).hasMessageContaining("At least one");
    }
}
