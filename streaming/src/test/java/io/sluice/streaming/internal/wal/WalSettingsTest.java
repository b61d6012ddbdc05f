package io.sluice.streaming.internal.wal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.streaming.StreamingConfigKeys;
import java.time.Duration;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;

class WalSettingsTest {

  @Test
  void usesTheDocumentedDefaults() {
    WalSettings settings = WalSettings.from(new Configuration(false));

    assertThat(settings).isEqualTo(WalSettings.defaults());
    assertThat(settings.enabled()).isEqualTo(StreamingConfigKeys.WAL_ENABLED_DEFAULT);
    assertThat(settings.rollInterval().toMillis())
        .isEqualTo(StreamingConfigKeys.WAL_ROLL_INTERVAL_MS_DEFAULT);
    assertThat(settings.maxRecordBytes()).isEqualTo(StreamingConfigKeys.WAL_MAX_RECORD_BYTES_DEFAULT);
  }

  @Test
  void readsEveryKey() {
    Configuration conf = new Configuration(false);
    conf.set(StreamingConfigKeys.WAL_ENABLED_KEY, " FALSE ");
    conf.set(StreamingConfigKeys.WAL_ROLL_INTERVAL_MS_KEY, "5000");
    conf.set(StreamingConfigKeys.WAL_MAX_RECORD_BYTES_KEY, "1048576");

    assertThat(WalSettings.from(conf)).isEqualTo(new WalSettings(false, Duration.ofSeconds(5), 1 << 20));
  }

  @Test
  void aBadValueFailsNamingItsKey() {
    assertFailsNaming(StreamingConfigKeys.WAL_ENABLED_KEY, "ture");
    assertFailsNaming(StreamingConfigKeys.WAL_ROLL_INTERVAL_MS_KEY, "1m");
    assertFailsNaming(StreamingConfigKeys.WAL_ROLL_INTERVAL_MS_KEY, "0");
    assertFailsNaming(StreamingConfigKeys.WAL_MAX_RECORD_BYTES_KEY, "-1");
    assertFailsNaming(StreamingConfigKeys.WAL_MAX_RECORD_BYTES_KEY, "4294967296");
  }

  private static void assertFailsNaming(String key, String value) {
    Configuration conf = new Configuration(false);
    conf.set(key, value);
    assertThatThrownBy(() -> WalSettings.from(conf))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(key);
  }
}
