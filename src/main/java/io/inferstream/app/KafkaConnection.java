package io.inferstream.app;

import io.inferstream.config.KafkaSettings;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * Opens an Admin client and checks that the cluster answers, failing fast with a message that names the bootstrap
 * servers instead of letting the Admin client retry silently for a minute.
 */
public final class KafkaConnection {

    /** How long commands wait for Kafka to answer before giving up. */
    public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(30);

    private KafkaConnection() {
    }

    /** An Admin client whose cluster answered within {@code timeout}; the caller closes it. */
    public static Admin connect(KafkaSettings kafka, Duration timeout) {
        Map<String, Object> props = new HashMap<>(kafka.adminConfig());
        int ms = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
        props.putIfAbsent(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, ms);
        props.putIfAbsent(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, Math.min(ms, 30_000));
        Admin admin = Admin.create(props);
        try {
            int nodes = admin.describeCluster().nodes().get(timeout.toMillis(), TimeUnit.MILLISECONDS).size();
            if (nodes == 0) {
                throw new CliException(ExitCodes.UNAVAILABLE, "Kafka at " + kafka.bootstrapServers() + " reports no brokers");
            }
            return admin;
        } catch (TimeoutException | ExecutionException e) {
            admin.close(Duration.ZERO);
            throw new CliException(ExitCodes.UNAVAILABLE, "Cannot reach Kafka at " + kafka.bootstrapServers()
                + " within " + timeout.toSeconds() + " s (kafka.bootstrap.servers / INFERSTREAM_KAFKA_BOOTSTRAP_SERVERS)", e);
        } catch (InterruptedException e) {
            admin.close(Duration.ZERO);
            Thread.currentThread().interrupt();
            throw new CliException(ExitCodes.FAILURE, "Interrupted while connecting to Kafka", e);
        } catch (RuntimeException e) {
            admin.close(Duration.ZERO);
            throw e;
        }
    }
}
