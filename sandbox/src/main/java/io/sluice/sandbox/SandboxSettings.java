package io.sluice.sandbox;

import static io.sluice.sandbox.SandboxConfigKeys.*;

import java.nio.file.Path;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;

/**
 * The sandbox's settings, parsed once from a {@link Configuration} and validated: a bad value fails
 * here, naming its key.
 *
 * @param dir where the cluster keeps its data and conf folder; empty for a fresh temporary folder
 *     that is deleted on close
 * @param confDir where the client conf folder goes; empty for {@code conf} inside {@code dir}
 */
public record SandboxSettings(
    Optional<Path> dir,
    Optional<Path> confDir,
    boolean yarnEnabled,
    boolean hbaseEnabled,
    boolean kdcEnabled,
    int nodeManagerMemoryMb,
    int nodeManagerVcores) {

  /** Parses and validates the {@code sluice.sandbox.*} keys of {@code conf}. */
  public static SandboxSettings from(Configuration conf) {
    int memoryMb = conf.getInt(SANDBOX_NODEMANAGER_MEMORY_MB_KEY, SANDBOX_NODEMANAGER_MEMORY_MB_DEFAULT);
    if (memoryMb < 512) {
      throw new IllegalArgumentException(
          SANDBOX_NODEMANAGER_MEMORY_MB_KEY + " must be at least 512 (MB), was " + memoryMb);
    }
    int vcores = conf.getInt(SANDBOX_NODEMANAGER_VCORES_KEY, SANDBOX_NODEMANAGER_VCORES_DEFAULT);
    if (vcores < 1) {
      throw new IllegalArgumentException(
          SANDBOX_NODEMANAGER_VCORES_KEY + " must be at least 1, was " + vcores);
    }
    return new SandboxSettings(
        absolutePath(conf.getTrimmed(SANDBOX_DIR_KEY, SANDBOX_DIR_DEFAULT)),
        absolutePath(conf.getTrimmed(SANDBOX_CONF_DIR_KEY, SANDBOX_CONF_DIR_DEFAULT)),
        conf.getBoolean(SANDBOX_YARN_ENABLED_KEY, SANDBOX_YARN_ENABLED_DEFAULT),
        conf.getBoolean(SANDBOX_HBASE_ENABLED_KEY, SANDBOX_HBASE_ENABLED_DEFAULT),
        conf.getBoolean(SANDBOX_KDC_ENABLED_KEY, SANDBOX_KDC_ENABLED_DEFAULT),
        memoryMb,
        vcores);
  }

  private static Optional<Path> absolutePath(String path) {
    return path.isEmpty() ? Optional.empty() : Optional.of(Path.of(path).toAbsolutePath());
  }
}
