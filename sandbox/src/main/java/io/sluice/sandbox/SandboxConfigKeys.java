package io.sluice.sandbox;

/**
 * Configuration keys of the embedded sandbox cluster, each documented in
 * {@code conf/sluice-default.xml}.
 */
public final class SandboxConfigKeys {
  /** Local folder for the cluster's data and its client conf folder; empty: a fresh temporary folder. */
  public static final String SANDBOX_DIR_KEY = "sluice.sandbox.dir";
  public static final String SANDBOX_DIR_DEFAULT = "";

  /** Where the client conf folder is written; empty: {@code conf} inside the sandbox folder. */
  public static final String SANDBOX_CONF_DIR_KEY = "sluice.sandbox.conf.dir";
  public static final String SANDBOX_CONF_DIR_DEFAULT = "";

  /** Whether the sandbox starts YARN (ResourceManager and one NodeManager). */
  public static final String SANDBOX_YARN_ENABLED_KEY = "sluice.sandbox.yarn.enabled";
  public static final boolean SANDBOX_YARN_ENABLED_DEFAULT = true;

  /** Whether the sandbox starts ZooKeeper and an HBase master and region server on its HDFS. */
  public static final String SANDBOX_HBASE_ENABLED_KEY = "sluice.sandbox.hbase.enabled";
  public static final boolean SANDBOX_HBASE_ENABLED_DEFAULT = true;

  /** Whether the sandbox starts a MiniKdc and writes krb5.conf and a keytab into its conf folder. */
  public static final String SANDBOX_KDC_ENABLED_KEY = "sluice.sandbox.kdc.enabled";
  public static final boolean SANDBOX_KDC_ENABLED_DEFAULT = false;

  /** Memory the NodeManager offers to containers. */
  public static final String SANDBOX_NODEMANAGER_MEMORY_MB_KEY = "sluice.sandbox.nodemanager.memory.mb";
  public static final int SANDBOX_NODEMANAGER_MEMORY_MB_DEFAULT = 4096;

  /** Virtual cores the NodeManager offers to containers. */
  public static final String SANDBOX_NODEMANAGER_VCORES_KEY = "sluice.sandbox.nodemanager.vcores";
  public static final int SANDBOX_NODEMANAGER_VCORES_DEFAULT = 8;

  private SandboxConfigKeys() {}
}
