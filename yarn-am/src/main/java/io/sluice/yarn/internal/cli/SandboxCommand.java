package io.sluice.yarn.internal.cli;

import io.sluice.sandbox.LocalCluster;
import io.sluice.sandbox.SandboxConfigKeys;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.util.ShutdownHookManager;
import picocli.CommandLine.Command;
import sun.misc.Signal;
import picocli.CommandLine.Option;

@Command(
    name = "sandbox",
    description = {
        "Start the embedded cluster (HDFS, YARN, HBase, optionally a KDC) in the foreground, print its "
            + "addresses and write a client conf folder; Ctrl-C stops it and deletes its data."})
final class SandboxCommand implements Callable<Integer> {
  /** Runs before Hadoop's own hook, which closes the FileSystem cache the cluster still uses. */
  private static final int SHUTDOWN_HOOK_PRIORITY = FileSystem.SHUTDOWN_HOOK_PRIORITY + 100;

  @Option(names = "--dir", paramLabel = "DIR",
      description = "Folder for the cluster's data (default: ~/.sluice/sandbox).")
  Path dir = ConfDirOption.defaultSandboxConfDir().getParent();

  @Option(names = "--conf-dir", paramLabel = "DIR",
      description = "Where to write the client conf folder (default: conf inside --dir).")
  Path confDir;

  @Option(names = "--with-kdc", description = "Also start a MiniKdc; its krb5.conf and a keytab go "
      + "into the conf folder.")
  boolean withKdc;

  @Option(names = "--without-hbase", description = "Do not start ZooKeeper and HBase.")
  boolean withoutHBase;

  @Override
  public Integer call() throws Exception {
    Configuration conf = new Configuration();
    conf.set(SandboxConfigKeys.SANDBOX_DIR_KEY, dir.toString());
    if (confDir != null) {
      conf.set(SandboxConfigKeys.SANDBOX_CONF_DIR_KEY, confDir.toString());
    }
    conf.setBoolean(SandboxConfigKeys.SANDBOX_KDC_ENABLED_KEY, withKdc);
    conf.setBoolean(SandboxConfigKeys.SANDBOX_HBASE_ENABLED_KEY, !withoutHBase);

    System.out.println("Starting the Sluice sandbox in " + dir.toAbsolutePath() + " ...");
    long started = System.nanoTime();
    LocalCluster cluster = LocalCluster.start(conf);
    // Ctrl-C and `kill` stop the cluster on this thread, before the JVM shuts down: stopped from a
    // shutdown hook, the DataNode fails (it removes hooks of its own) and the NameNode never stops.
    CountDownLatch stopRequested = new CountDownLatch(1);
    for (String signal : new String[] {"INT", "TERM", "HUP"}) {
      Signal.handle(new Signal(signal), s -> stopRequested.countDown());
    }
    // Any other way out of the JVM still stops the cluster.
    ShutdownHookManager.get().addShutdownHook(cluster::close, SHUTDOWN_HOOK_PRIORITY);

    System.out.print(describe(cluster, Duration.ofNanos(System.nanoTime() - started)));
    System.out.flush();
    stopRequested.await();
    System.out.println("Stopping the Sluice sandbox ...");
    cluster.close();
    System.out.println("Sandbox stopped.");
    return 0;
  }

  static String describe(LocalCluster cluster, Duration startup) {
    StringBuilder out = new StringBuilder();
    out.append(String.format("Sluice sandbox up in %.1f s.%n", startup.toMillis() / 1000.0));
    row(out, "HDFS NameNode", cluster.nameNodeUri().toString());
    cluster.resourceManagerAddress().ifPresent(rm -> row(out, "YARN ResourceManager", rm));
    cluster.resourceManagerWebUrl().ifPresent(web -> row(out, "YARN web UI", web));
    cluster.zooKeeperQuorum().ifPresent(zk -> row(out, "HBase ZooKeeper quorum", zk));
    cluster.kerberosRealm().ifPresent(realm -> {
      row(out, "Kerberos realm", realm);
      row(out, "Keytab", cluster.keytab() + " (" + LocalCluster.KDC_PRINCIPAL + "@" + realm + ")");
    });
    row(out, "Client conf folder", cluster.confDir().toString());
    out.append(String.format("Try it in another shell:  bin/sluice fs --conf-dir %s -ls /%n", cluster.confDir()));
    out.append(String.format("Press Ctrl-C to stop (the sandbox's data is deleted).%n"));
    return out.toString();
  }

  private static void row(StringBuilder out, String name, String value) {
    out.append(String.format("  %-24s %s%n", name, value));
  }
}
