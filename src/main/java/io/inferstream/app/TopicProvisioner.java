package io.inferstream.app;

import io.inferstream.config.TopicSpec;
import io.inferstream.config.TopicsConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.CreateTopicsResult;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates Inferstream's topic set, idempotently: missing topics are created with their partitions, replication
 * factor, cleanup policy and retention; existing ones are left alone and reported, with any difference from the
 * configuration (partition count, cleanup policy) noted, because a compacted topic created as delete (or the
 * reverse) silently loses state.
 */
public final class TopicProvisioner {

    private static final Logger log = LoggerFactory.getLogger(TopicProvisioner.class);

    /** What happened to one topic. */
    public enum Outcome { CREATED, EXISTS }

    /**
     * @param spec    the configured topic
     * @param outcome created now or already there
     * @param notes   differences between the existing topic and the configuration; empty when it matches
     */
    public record Result(TopicSpec spec, Outcome outcome, List<String> notes) {
        public Result {
            notes = List.copyOf(notes);
        }
    }

    private final Admin admin;
    private final Duration timeout;

    public TopicProvisioner(Admin admin, Duration timeout) {
        this.admin = admin;
        this.timeout = timeout;
    }

    /** Ensures every topic of {@code topics} exists; returns one result per topic in config order. */
    public List<Result> ensure(TopicsConfig topics, short replicationFactor) {
        Collection<TopicSpec> specs = topics.all();
        Set<String> existing = get(admin.listTopics().names(), "list topics");
        Map<String, Outcome> outcomes = new LinkedHashMap<>();
        List<NewTopic> toCreate = new ArrayList<>();
        for (TopicSpec spec : specs) {
            if (existing.contains(spec.name())) {
                outcomes.put(spec.name(), Outcome.EXISTS);
            } else {
                toCreate.add(new NewTopic(spec.name(), spec.partitions(), replicationFactor).configs(spec.kafkaConfigs()));
            }
        }
        if (!toCreate.isEmpty()) {
            CreateTopicsResult created = admin.createTopics(toCreate);
            created.values().forEach((name, future) -> outcomes.put(name, awaitCreate(name, future, replicationFactor)));
        }
        List<String> existingNames = new ArrayList<>();
        outcomes.forEach((name, o) -> {
            if (o == Outcome.EXISTS) {
                existingNames.add(name);
            }
        });
        Map<String, List<String>> notes = compare(specs, existingNames);
        List<Result> results = new ArrayList<>();
        for (TopicSpec spec : specs) {
            Outcome o = outcomes.get(spec.name());
            results.add(new Result(spec, o, notes.getOrDefault(spec.name(), List.of())));
            log.debug("Topic {} {}", spec.name(), o);
        }
        return results;
    }

    /** Names of configured topics that do not exist, in config order. */
    public List<String> missing(TopicsConfig topics) {
        Set<String> existing = get(admin.listTopics().names(), "list topics");
        return topics.all().stream().map(TopicSpec::name).filter(n -> !existing.contains(n)).toList();
    }

    private Outcome awaitCreate(String name, KafkaFuture<Void> future, short replicationFactor) {
        try {
            future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return Outcome.CREATED;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof TopicExistsException) {
                return Outcome.EXISTS; // created concurrently by another instance: fine
            }
            throw new CliException(ExitCodes.FAILURE, "Cannot create topic " + name + " (replication factor "
                + replicationFactor + ", kafka.replication.factor): " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new CliException(ExitCodes.UNAVAILABLE, "Creating topic " + name + " did not finish within " + timeout, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException(ExitCodes.FAILURE, "Interrupted while creating topic " + name, e);
        }
    }

    private Map<String, List<String>> compare(Collection<TopicSpec> specs, List<String> existingNames) {
        Map<String, List<String>> notes = new LinkedHashMap<>();
        if (existingNames.isEmpty()) {
            return notes;
        }
        Map<String, TopicDescription> descriptions = get(admin.describeTopics(existingNames).allTopicNames(), "describe topics");
        List<ConfigResource> resources = existingNames.stream().map(n -> new ConfigResource(ConfigResource.Type.TOPIC, n)).toList();
        Map<ConfigResource, Config> configs = get(admin.describeConfigs(resources).all(), "describe topic configs");
        for (TopicSpec spec : specs) {
            TopicDescription d = descriptions.get(spec.name());
            if (d == null) {
                continue;
            }
            List<String> n = new ArrayList<>();
            if (d.partitions().size() != spec.partitions()) {
                n.add("has " + d.partitions().size() + " partitions, config says " + spec.partitions());
            }
            Config c = configs.get(new ConfigResource(ConfigResource.Type.TOPIC, spec.name()));
            ConfigEntry policy = c == null ? null : c.get("cleanup.policy");
            if (policy != null && !policy.value().replace(" ", "").equals(spec.cleanupPolicy().kafkaValue())
                && !(spec.cleanupPolicy().kafkaValue().equals("compact,delete") && policy.value().replace(" ", "").equals("delete,compact"))) {
                n.add("has cleanup.policy=" + policy.value() + ", config says " + spec.cleanupPolicy().kafkaValue());
            }
            if (!n.isEmpty()) {
                notes.put(spec.name(), n);
            }
        }
        return notes;
    }

    private <T> T get(KafkaFuture<T> future, String what) {
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new CliException(ExitCodes.FAILURE, "Kafka could not " + what + ": " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new CliException(ExitCodes.UNAVAILABLE, "Kafka did not answer (" + what + ") within " + timeout, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException(ExitCodes.FAILURE, "Interrupted while waiting to " + what, e);
        }
    }
}
