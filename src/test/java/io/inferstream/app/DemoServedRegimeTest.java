package io.inferstream.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.inferstream.model.ReferenceProfile;
import io.inferstream.model.SyntheticCtr;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoServedRegimeTest {

    @TempDir
    Path repo;

    private void version(long v, String regime) throws Exception {
        Path dir = Files.createDirectories(repo.resolve("ctr").resolve(Long.toString(v)));
        Files.createDirectories(dir.resolve("variables"));
        Files.write(dir.resolve("saved_model.pb"), new byte[0]);
        new ReferenceProfile("ctr", v, regime, 0, Map.of(), Map.of(), Map.of(), Map.of(), Map.of()).write(ReferenceProfile.file(dir));
    }

    @Test
    void shouldStartTheDemoTrafficInTheRegimeTheLatestVersionWasTrainedOn() throws Exception {
        version(1, "BASELINE");
        version(2, "SHIFTED");
        assertThat(DemoRunner.servedRegime(repo)).isEqualTo(SyntheticCtr.Regime.SHIFTED);
    }

    @Test
    void shouldStartInTheBaselineWithoutAReadableProfile() throws Exception {
        assertThat(DemoRunner.servedRegime(repo)).isEqualTo(SyntheticCtr.Regime.BASELINE);
        version(1, "no such regime");
        assertThat(DemoRunner.servedRegime(repo)).isEqualTo(SyntheticCtr.Regime.BASELINE);
    }
}
