package io.inferstream.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.inferstream.config.InferstreamConfig;
import io.inferstream.config.StandardTopic;
import io.inferstream.docs.Readme;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.streams.TopologyDescription;
import org.junit.jupiter.api.Test;

/**
 * topologies/*.txt are the checked-in Topology#describe() of every topology, and README's Mermaid diagram draws
 * their topics; this keeps both from going stale.
 */
class CheckedInTopologiesTest {

    private static final Pattern TOPIC_NODE = Pattern.compile("(?m)^\\s*(\\w+)\\[\\(\"([^\"]+)\"\\)]\\s*$");
    private static final Pattern TOPOLOGY_NODE = Pattern.compile("(?m)^\\s*(\\w+)\\{\\{\"([^\"]+)\"}}\\s*$");
    private static final Pattern ANY_NODE = Pattern.compile("(?m)^\\s*(\\w+)[\\[({]");
    private static final Pattern EDGE = Pattern.compile("(?m)^\\s*(\\w+)\\s*(-->|-\\.->)\\s*(?:\\|[^|]*\\|\\s*)?(\\w+)\\s*$");

    @Test
    void shouldMatchTheCheckedInDescriptionOfEveryTopology() throws Exception {
        assertThat(Topologies.discover()).isNotEmpty();
        for (TopologyFactory f : Topologies.discover()) {
            Path file = Path.of("topologies", f.name() + ".txt");
            assertThat(file).as("checked-in description of %s (refresh: ./inferstream describe --write topologies)", f.name()).exists();
            String expected = "# " + f.name() + ": " + f.description() + System.lineSeparator()
                + f.build(InferstreamConfig.defaults()).describe();
            assertThat(Files.readString(file).strip()).as("topologies/%s.txt is stale: run ./inferstream describe --write topologies", f.name())
                .isEqualTo(expected.strip());
        }
    }

    /**
     * The diagram names every standard topic and every topology, and its solid arrows are exactly the topologies'
     * Kafka Streams sources and sinks among the standard topics (internal repartition topics are left out); dotted
     * arrows (plain clients such as model-control's) are free but must join declared nodes.
     */
    @Test
    void shouldDrawEveryTopicAndTopologyAndTheirStreamsEdgesInTheReadmeDiagram() throws Exception {
        List<String> blocks = Readme.read().codeBlocks("mermaid");
        assertThat(blocks).as("README.md has a ```mermaid diagram of topics and topologies").isNotEmpty();
        String diagram = blocks.get(0);

        Map<String, String> labels = new HashMap<>();
        Set<String> topics = nodes(TOPIC_NODE, diagram, labels);
        Set<String> topologies = nodes(TOPOLOGY_NODE, diagram, labels);
        Matcher any = ANY_NODE.matcher(diagram);
        Set<String> declared = new TreeSet<>();
        while (any.find()) {
            declared.add(any.group(1));
        }

        Set<String> standard = new TreeSet<>();
        for (StandardTopic t : StandardTopic.values()) {
            standard.add(t.logicalName());
        }
        Set<String> registered = new TreeSet<>();
        Set<String> expectedEdges = new TreeSet<>();
        for (TopologyFactory f : Topologies.discover()) {
            registered.add(f.name());
            streamsEdges(f.name(), f.build(InferstreamConfig.defaults()).describe(), standard, expectedEdges);
        }
        assertThat(topics).as("topics (id[(\"name\")]) in README's diagram vs config.StandardTopic").isEqualTo(standard);
        assertThat(topologies).as("topologies (id{{\"name\"}}) in README's diagram vs the registered TopologyFactory list").isEqualTo(registered);

        Set<String> solid = new TreeSet<>();
        Set<String> connected = new TreeSet<>();
        Matcher edge = EDGE.matcher(diagram);
        while (edge.find()) {
            String from = edge.group(1);
            String to = edge.group(3);
            assertThat(declared).as("README diagram edge %s %s %s joins declared nodes", from, edge.group(2), to).contains(from, to);
            connected.add(labels.getOrDefault(from, from));
            connected.add(labels.getOrDefault(to, to));
            if (edge.group(2).equals("-->")) {
                solid.add(labels.getOrDefault(from, from) + " -> " + labels.getOrDefault(to, to));
            }
        }
        Set<String> missing = new TreeSet<>(expectedEdges);
        missing.removeAll(solid);
        Set<String> extra = new TreeSet<>(solid);
        extra.removeAll(expectedEdges);
        List<String> problems = new java.util.ArrayList<>();
        missing.forEach(e -> problems.add("missing (a topology's source or sink; draw it with -->): " + e));
        extra.forEach(e -> problems.add("no topology has it (a plain client? draw it with -.->): " + e));
        assertThat(problems).as("solid arrows of README's diagram vs the topologies' Kafka Streams sources and sinks").isEmpty();
        assertThat(connected).as("every topic is connected in README's diagram").containsAll(standard);
    }

    private static Set<String> nodes(Pattern pattern, String diagram, Map<String, String> labels) {
        Set<String> names = new TreeSet<>();
        Matcher m = pattern.matcher(diagram);
        while (m.find()) {
            labels.put(m.group(1), m.group(2));
            names.add(m.group(2));
        }
        return names;
    }

    /** {@code topic -> topology} for each source, {@code topology -> topic} for each sink, standard topics only. */
    private static void streamsEdges(String topology, TopologyDescription description, Set<String> standard, Set<String> out) {
        for (TopologyDescription.Subtopology sub : description.subtopologies()) {
            for (TopologyDescription.Node node : sub.nodes()) {
                if (node instanceof TopologyDescription.Source source && source.topicSet() != null) {
                    source.topicSet().stream().filter(standard::contains).forEach(t -> out.add(t + " -> " + topology));
                } else if (node instanceof TopologyDescription.Sink sink && standard.contains(sink.topic())) {
                    out.add(topology + " -> " + sink.topic());
                }
            }
        }
        for (TopologyDescription.GlobalStore store : description.globalStores()) {
            store.source().topicSet().stream().filter(standard::contains).forEach(t -> out.add(t + " -> " + topology));
        }
    }
}
