package io.sluice.streaming.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hdfs.HdfsConfiguration;
import org.junit.jupiter.api.Test;

/** Which HDFS client settings the write-ahead logs' own client overrides. */
class WalsTest {

  @Test
  void overridesHadoopDefaultsButKeepsWhatAProgramOrSiteFileSet() {
    HdfsConfiguration.init(); // hdfs-default.xml becomes a default resource, as in any HDFS client
    Configuration conf = new Configuration();
    assertThat(Wals.onlyDefault(conf, Wals.BYTE_ARRAY_MANAGER_KEY)).isTrue();
    assertThat(Wals.onlyDefault(conf, "sluice.no.such.key")).isTrue();

    conf.setBoolean(Wals.BYTE_ARRAY_MANAGER_KEY, false);
    assertThat(Wals.onlyDefault(conf, Wals.BYTE_ARRAY_MANAGER_KEY)).isFalse();
    assertThat(Wals.onlyDefault(new Configuration(conf), Wals.BYTE_ARRAY_MANAGER_KEY)).isFalse();
  }
}
