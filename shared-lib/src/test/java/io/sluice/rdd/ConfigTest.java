package io.sluice.rdd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigTest {

  private final Config config = Config.of(Map.of("n", " 42 ", "big", "9000000000", "ratio", "0.5",
      "flag", "TRUE", "bad", "x", "blank", " "));

  @Test
  void typedGettersParseOrFallBack() {
    assertThat(config.getInt("n", 1)).isEqualTo(42);
    assertThat(config.getLong("big", 1)).isEqualTo(9_000_000_000L);
    assertThat(config.getDouble("ratio", 1)).isEqualTo(0.5);
    assertThat(config.getBoolean("flag", false)).isTrue();
    assertThat(config.getInt("missing", 7)).isEqualTo(7);
    assertThat(config.getInt("blank", 7)).isEqualTo(7);
    assertThat(config.get("missing", "d")).isEqualTo("d");
    assertThat(Config.empty().get("n")).isNull();
  }

  @Test
  void badValuesFailNamingTheKey() {
    assertThatThrownBy(() -> config.getInt("bad", 1)).hasMessageContaining("bad").hasMessageContaining("'x'");
    assertThatThrownBy(() -> config.getLong("bad", 1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> config.getDouble("bad", 1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> config.getBoolean("bad", true)).isInstanceOf(IllegalArgumentException.class);
  }
}
