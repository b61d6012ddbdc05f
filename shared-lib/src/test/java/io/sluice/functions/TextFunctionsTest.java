package io.sluice.functions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import io.sluice.rdd.testkit.TestKit;
import java.util.List;
import org.junit.jupiter.api.Test;

class TextFunctionsTest {

  @Test
  void wordCountSplitsOnWhitespaceAndLowerCases() {
    assertThat(TestKit.runToMap(TextFunctions::wordCount, List.of("The cat", "  the\tdog ", "", "CAT")))
        .containsOnly(entry("the", 2L), entry("cat", 2L), entry("dog", 1L));
  }

  @Test
  void wordCountOfNothingIsEmpty() {
    assertThat(TestKit.runToMap(TextFunctions::wordCount, List.of(" ", ""))).isEmpty();
  }
}
