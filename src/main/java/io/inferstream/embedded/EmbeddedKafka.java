package io.inferstream.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Exit;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.Feature;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Kafka cluster (one KRaft process that is both broker and controller) started
 * in-process from Kafka's own server code, listening on loopback.
 *
 * <p>The log directory is formatted once (as {@code kafka-storage.sh format} would) and reused on restart,
 * so topics and offsets survive. Every replication factor is 1: with more, Streams' internal topics can
 * never be created on one node and the application silently never reaches RUNNING.
 *
 * <p>Kafka's fatal-error paths call {@link Exit#exit}/{@link Exit#halt}, which would end the whole JVM
 * (and with it the user's pipeline) without a word. While a broker runs here they are redirected: the
 * error is logged, kept in {@link #fatalError()}, and thrown as {@link EmbeddedKafkaFatalError} on the
 * thread that asked to exit.
 */
public final class EmbeddedKafka implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedKafka.class);
    private static final String CONTROLLER_LISTENER = "CONTROLLER";

    private final EmbeddedKafkaConfig config;
    private final AtomicReference<String> fatalError = new AtomicReference<>();
    private KafkaRaftServer server;
    private String bootstrapServers;

    private EmbeddedKafka(EmbeddedKafkaConfig config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    /** Formats the log directory if it is new, starts the node and waits until it serves metadata. */
    public static EmbeddedKafka start(EmbeddedKafkaConfig config) {
        EmbeddedKafka kafka = new EmbeddedKafka(config);
        kafka.startUp();
        return kafka;
    }

    private void startUp() {
        long started = System.nanoTime();
        int brokerPort = resolvePort(config.port(), "Kafka broker");
        int controllerPort = resolvePort(config.controllerPort(), "Kafka controller");
        Path logDir = config.logDir().toAbsolutePath();
        Map<String, Object> props = serverProperties(logDir, brokerPort, controllerPort);
        KafkaConfig kafkaConfig = new KafkaConfig(props, false);
        formatOnce(logDir, kafkaConfig);
        installExitGuard();
        server = new KafkaRaftServer(kafkaConfig, Time.SYSTEM);
        try {
            server.startup();
        } catch (RuntimeException e) {
            shutdownQuietly();
            throw new IllegalStateException("Embedded Kafka failed to start on " + config.host() + ":" + brokerPort
                + " (log dir " + logDir + "): " + e.getMessage(), e);
        }
        bootstrapServers = config.host() + ":" + brokerPort;
        awaitReady(config.startTimeout());
        log.info("Embedded Kafka {} ready at {} in {} ms (log dir {})", kafkaConfig.nodeId(), bootstrapServers,
            TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started), logDir);
    }

    private Map<String, Object> serverProperties(Path logDir, int brokerPort, int controllerPort) {
        String host = config.host();
        Map<String, Object> props = new HashMap<>();
        props.put("process.roles", "broker,controller");
        props.put("node.id", "1");
        props.put("controller.quorum.voters", "1@" + host + ":" + controllerPort);
        props.put("listeners", "PLAINTEXT://" + host + ":" + brokerPort + "," + CONTROLLER_LISTENER + "://" + host + ":" + controllerPort);
        props.put("advertised.listeners", "PLAINTEXT://" + host + ":" + brokerPort);
        props.put("controller.listener.names", CONTROLLER_LISTENER);
        props.put("inter.broker.listener.name", "PLAINTEXT");
        props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
        props.put("log.dirs", logDir.toString());
        // One node: every internal topic must have replication factor 1 and min ISR 1.
        props.put("offsets.topic.replication.factor", "1");
        props.put("offsets.topic.num.partitions", "4");
        props.put("transaction.state.log.replication.factor", "1");
        props.put("transaction.state.log.min.isr", "1");
        props.put("transaction.state.log.num.partitions", "4");
        props.put("share.coordinator.state.topic.replication.factor", "1");
        props.put("share.coordinator.state.topic.min.isr", "1");
        props.put("default.replication.factor", "1");
        props.put("min.insync.replicas", "1");
        props.put("num.partitions", String.valueOf(config.defaultPartitions()));
        // A lone consumer group member should not wait 3 s for others that will never come.
        props.put("group.initial.rebalance.delay.ms", "0");
        props.put("auto.create.topics.enable", "true");
        props.put("log.flush.interval.messages", Long.toString(Long.MAX_VALUE));
        props.put("log.segment.bytes", String.valueOf(64 * 1024 * 1024));
        props.put("unstable.api.versions.enable", "false");
        props.putAll(config.overrides());
        return props;
    }

    /** Formats the metadata and data directory the first time, as kafka-storage.sh format does. */
    private static void formatOnce(Path logDir, KafkaConfig kafkaConfig) {
        if (Files.exists(logDir.resolve("meta.properties"))) {
            log.debug("Log dir {} already formatted", logDir);
            return;
        }
        try {
            Files.createDirectories(logDir);
            new Formatter()
                .setNodeId(kafkaConfig.nodeId())
                .setClusterId(Uuid.randomUuid().toString())
                .setDirectories(List.of(logDir.toString()))
                .setMetadataLogDirectory(logDir.toString())
                .setControllerListenerName(CONTROLLER_LISTENER)
                .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
                .setSupportedFeatures(Feature.PRODUCTION_FEATURES)
                .setUnstableFeatureVersionsEnabled(false)
                .setIgnoreFormatted(true)
                .setPrintStream(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()))
                .run();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create Kafka log dir " + logDir, e);
        } catch (Exception e) {
            throw new IllegalStateException("Cannot format Kafka log dir " + logDir + ": " + e.getMessage(), e);
        }
    }

    private void installExitGuard() {
        Exit.Procedure guard = (status, message) -> {
            String reason = "Kafka asked to exit the JVM with status " + status + (message == null ? "" : ": " + message);
            fatalError.compareAndSet(null, reason);
            log.error("Embedded Kafka fatal error, the JVM is kept running: {}", reason);
            throw new EmbeddedKafkaFatalError(reason);
        };
        Exit.setExitProcedure(guard);
        Exit.setHaltProcedure(guard);
    }

    private void awaitReady(Duration timeout) {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Admin admin = Admin.create(props)) {
            while (true) {
                try {
                    if (!admin.describeCluster().nodes().get(2, TimeUnit.SECONDS).isEmpty()) {
                        return;
                    }
                } catch (Exception e) {
                    if (System.nanoTime() > deadline) {
                        close();
                        throw new IllegalStateException("Embedded Kafka at " + bootstrapServers + " not ready after " + timeout, e);
                    }
                }
                sleep(50);
            }
        }
    }

    private int resolvePort(int port, String what) {
        if (port == 0) {
            return freePort(config.host());
        }
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getByName(config.host()), port));
            return port;
        } catch (IOException e) {
            throw new PortInUseException(what, config.host(), port, e);
        }
    }

    static int freePort(String host) {
        try (ServerSocket socket = new ServerSocket(0, 50, InetAddress.getByName(host))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("No free port on " + host, e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for Kafka", e);
        }
    }

    /** host:port for {@code bootstrap.servers}. */
    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** Set when Kafka tried to end the JVM; the node should then be closed and restarted. */
    public java.util.Optional<String> fatalError() {
        return java.util.Optional.ofNullable(fatalError.get());
    }

    public Path logDir() {
        return config.logDir();
    }

    /** Controlled shutdown; data stays in the log directory for the next start. */
    @Override
    public synchronized void close() {
        if (server != null) {
            shutdownQuietly();
            log.info("Embedded Kafka at {} stopped", bootstrapServers);
        }
    }

    private void shutdownQuietly() {
        KafkaRaftServer s = server;
        server = null;
        if (s == null) {
            return;
        }
        try {
            s.shutdown();
            s.awaitShutdown();
        } catch (RuntimeException e) {
            log.warn("Error while stopping embedded Kafka: {}", e.toString());
        } finally {
            Exit.resetExitProcedure();
            Exit.resetHaltProcedure();
        }
    }
}
