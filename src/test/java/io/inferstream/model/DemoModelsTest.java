package io.inferstream.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoModelsTest {

  @TempDir
  static Path repository;

  @Test
  void shouldBuild() throws Exception {
    long t0 = System.nanoTime();
    List<DemoModelReport> reports = DemoModels.build(repository, 42);
    System.out.println("build took " + (System.nanoTime() - t0) / 1e6 + " ms");
    reports.forEach(System.out::println);
    assertThat(reports).hasSize(2);
  }
}
