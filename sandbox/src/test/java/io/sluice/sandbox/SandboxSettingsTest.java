package io.sluice.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;

class SandboxSettingsTest {

  @Test
  void defaultsStartEverythingButTheKdcInATemporaryFolder() {
    SandboxSettings settings = SandboxSettings.from(new Configuration(false));
    assertThat(settings.dir()).isEmpty();
    assertThat(settings.yarnEnabled()).isTrue();
    assertThat(settings.hbaseEnabled()).isTrue();
    assertThat(settings.kdcEnabled()).isFalse();
    assertThat(settings.nodeManagerMemoryMb()).isEqualTo(4096);
  }

  @Test
  void relativeFolderIsMadeAbsolute() {
    Configuration conf = new Configuration(false);
    conf.set(SandboxConfigKeys.SANDBOX_DIR_KEY, "some/dir");
    assertThat(SandboxSettings.from(conf).dir()).contains(Path.of("some/dir").toAbsolutePath());
  }

  @Test
  void tooLittleNodeManagerMemoryFailsNamingTheKey() {
    Configuration conf = new Configuration(false);
    conf.setInt(SandboxConfigKeys.SANDBOX_NODEMANAGER_MEMORY_MB_KEY, 100);
    assertThatThrownBy(() -> SandboxSettings.from(conf))
        .hasMessageContaining("sluice.sandbox.nodemanager.memory.mb")
        .hasMessageContaining("100");
  }

  @Test
  void unparseableNumberFailsNamingTheKey() {
    Configuration conf = new Configuration(false);
    conf.set(SandboxConfigKeys.SANDBOX_NODEMANAGER_VCORES_KEY, "lots");
    assertThatThrownBy(() -> SandboxSettings.from(conf)).hasMessageContaining("lots");
  }
}
