package io.inferstream.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Scores TensorFlow Serving's half_plus_two test models, exported by Python TF 1.14 and 2.14. */
class HalfPlusTwoTest {

  private static LoadedModel tf1;
  private static LoadedModel tf2;

  @BeforeAll
  static void load() throws ModelLoadException {
    ModelLoader loader = new ModelLoader();
    tf1 = loader.load("half_plus_two_tf1", 123, SharedModels.halfPlusTwoTf1());
    tf2 = loader.load("half_plus_two_tf2", 123, SharedModels.halfPlusTwoTf2());
  }

  @AfterAll
  static void close() {
    if (tf1 != null) {
      tf1.close();
    }
    if (tf2 != null) {
      tf2.close();
    }
  }

  @Test
  void shouldScoreTf1ModelInOneBatch() {
    BatchInput input = BatchInput.builder(3).column("x", Column.floats(new float[] {1, 2, 5}, 1)).build();

    BatchOutput output = tf1.score(input);

    assertThat(output.rows()).isEqualTo(3);
    assertThat(output.column("y").rowShape()).containsExactly(1);
    assertThat(output.column("y").floats()).containsExactly(2.5f, 3.0f, 4.5f);
  }

  @Test
  void shouldScoreTf2ModelWithBatchFixedAtOneRowByRow() {
    BatchInput input = BatchInput.builder(3).column("x", Column.floats(new float[] {1, 2, 5})).build();

    BatchOutput output = tf2.score(input);

    assertThat(output.rows()).isEqualTo(3);
    assertThat(output.column("y").rowShape()).isEmpty();
    assertThat(output.column("y").floats()).containsExactly(2.5f, 3.0f, 4.5f);
  }

  @Test
  void shouldIntrospectTf1Signature() {
    ModelSignature sig = tf1.signature();
    System.out.println(sig);
  }

  @Test
  void shouldIntrospectTf2Signature() {
    ModelSignature sig = tf2.signature();
    System.out.println(sig);
  }
}
