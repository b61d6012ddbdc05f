package io.sluice.batch;

import io.sluice.sandbox.LocalCluster;
import io.sluice.sandbox.SandboxExtension;
import io.sluice.sandbox.TestSpace;
import java.io.File;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The equivalence contract with MapReduce on the sandbox's YARN: real AM and task containers,
 * the NodeManager's shuffle service, input and intermediate files on MiniDFS.
 *
 * <p>Sandbox-only trick: containers get this test JVM's classpath (plus the sandbox conf folder)
 * through {@code mapreduce.application.classpath}, instead of shipped jars, because the test's own
 * classes are folders, not jars. On a real cluster {@code sluice.batch.ship.classpath} ships jars.
 */
@Tag("cluster")
@Timeout(value = 10, unit = TimeUnit.MINUTES)
@ExtendWith(SandboxExtension.class)
class EquivalenceIT extends EquivalenceContract {

  private LocalCluster cluster;
  private TestSpace space;

  @BeforeEach
  void setUp(LocalCluster cluster, TestSpace space) {
    this.cluster = cluster;
    this.space = space;
  }

  @Override
  Configuration conf() {
    return yarnConf(cluster, space);
  }

  @Override
  String dir() {
    return space.hdfsDir().toString();
  }

  /** A client configuration that runs MapReduce jobs on the sandbox's YARN. */
  static Configuration yarnConf(LocalCluster cluster, TestSpace space) {
    Configuration conf = cluster.clientConf();
    conf.set("mapreduce.framework.name", "yarn");
    String classpath = cluster.confDir() + File.pathSeparator + System.getProperty("java.class.path");
    conf.set("mapreduce.application.classpath", classpath.replace(File.pathSeparatorChar, ','));
    conf.set("yarn.application.classpath", cluster.confDir().toString());
    conf.setBoolean(BatchConfigKeys.SHIP_CLASSPATH_KEY, false);
    conf.set(BatchConfigKeys.WORK_DIR_KEY, space.hdfsDir() + "/work");
    conf.setLong(BatchConfigKeys.PROGRESS_INTERVAL_MS_KEY, 2000);
    // Small containers: the sandbox shares two cores and a few GB with the test JVM.
    conf.setInt("yarn.app.mapreduce.am.resource.mb", 512);
    conf.set("yarn.app.mapreduce.am.command-opts",
        "-Xmx384m --add-opens java.base/java.lang=ALL-UNNAMED");
    conf.setInt("mapreduce.map.memory.mb", 512);
    conf.setInt("mapreduce.reduce.memory.mb", 512);
    conf.set("mapreduce.map.java.opts", "-Xmx384m");
    conf.set("mapreduce.reduce.java.opts", "-Xmx384m");
    // No JobHistoryServer in the sandbox: without this the client retries 0.0.0.0:10020 once the
    // AM is gone. Sluice reads counters from its own task files, not from job history.
    conf.set("mapreduce.jobhistory.address", "");
    return conf;
  }
}
