package io.inferstream.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.inferstream.config.InferstreamConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** topologies/*.txt are the checked-in Topology#describe() of every topology; this keeps them from going stale. */
class CheckedInTopologiesTest {

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
}
