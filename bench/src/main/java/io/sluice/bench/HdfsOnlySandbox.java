package io.sluice.bench;

import io.sluice.sandbox.LocalCluster;
import io.sluice.sandbox.SandboxConfigKeys;
import org.apache.hadoop.conf.Configuration;

/** The embedded sandbox with HDFS only (NameNode and DataNode in this JVM), for a WAL on MiniDFS. */
final class HdfsOnlySandbox {
  private HdfsOnlySandbox() {}

  static LocalCluster start() throws java.io.IOException {
    Configuration sandbox = new Configuration();
    sandbox.setBoolean(SandboxConfigKeys.SANDBOX_HBASE_ENABLED_KEY, false);
    sandbox.setBoolean(SandboxConfigKeys.SANDBOX_YARN_ENABLED_KEY, false);
    return LocalCluster.start(sandbox);
  }
}
