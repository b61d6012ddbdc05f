package io.sluice.sandbox;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.hbase.TableName;
import org.apache.hadoop.hbase.client.ColumnFamilyDescriptorBuilder;
import org.apache.hadoop.hbase.client.Connection;
import org.apache.hadoop.hbase.client.Get;
import org.apache.hadoop.hbase.client.Put;
import org.apache.hadoop.hbase.client.Result;
import org.apache.hadoop.hbase.client.Table;
import org.apache.hadoop.hbase.client.TableDescriptorBuilder;
import org.apache.hadoop.hbase.util.Bytes;
import org.apache.hadoop.yarn.api.ApplicationConstants.Environment;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.api.records.ApplicationReport;
import org.apache.hadoop.yarn.api.records.ApplicationSubmissionContext;
import org.apache.hadoop.yarn.api.records.ContainerLaunchContext;
import org.apache.hadoop.yarn.api.records.FinalApplicationStatus;
import org.apache.hadoop.yarn.api.records.Resource;
import org.apache.hadoop.yarn.api.records.YarnApplicationState;
import org.apache.hadoop.yarn.client.api.YarnClient;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

@Tag("cluster")
@Timeout(value = 5, unit = TimeUnit.MINUTES)
@ExtendWith(SandboxExtension.class)
class LocalClusterIT {

  @Test
  void writesAndReadsAFileOnHdfs(LocalCluster cluster, TestSpace space) throws IOException {
    FileSystem fs = cluster.fileSystem();
    org.apache.hadoop.fs.Path file = new org.apache.hadoop.fs.Path(space.hdfsDir(), "hello.txt");
    try (FSDataOutputStream out = fs.create(file)) {
      out.write("hello, sandbox\n".getBytes(UTF_8));
      out.hflush();
    }
    try (var in = fs.open(file)) {
      assertThat(new String(in.readAllBytes(), UTF_8)).isEqualTo("hello, sandbox\n");
    }
    assertThat(fs.getFileStatus(file).getReplication()).isEqualTo((short) 1);
  }

  @Test
  void createsAnHBaseTableAndReadsBackARow(LocalCluster cluster, TestSpace space) throws IOException {
    Connection hbase = cluster.hbaseConnection();
    TableName name = TableName.valueOf(space.tableName("views"));
    hbase.getAdmin().createTable(TableDescriptorBuilder.newBuilder(name)
        .setColumnFamily(ColumnFamilyDescriptorBuilder.of("s"))
        .build());
    try (Table table = hbase.getTable(name)) {
      table.put(new Put(Bytes.toBytes("row-1"), 1_000L)
          .addColumn(Bytes.toBytes("s"), Bytes.toBytes("count"), Bytes.toBytes(42L)));
      Result row = table.get(new Get(Bytes.toBytes("row-1")));
      assertThat(Bytes.toLong(row.getValue(Bytes.toBytes("s"), Bytes.toBytes("count")))).isEqualTo(42L);
      assertThat(row.rawCells()[0].getTimestamp()).isEqualTo(1_000L);
    }
  }

  @Test
  void runsAnApplicationWhoseMasterIsASeparateJvm(LocalCluster cluster) throws Exception {
    YarnConfiguration conf = new YarnConfiguration(cluster.clientConf());
    try (YarnClient yarn = YarnClient.createYarnClient()) {
      yarn.init(conf);
      yarn.start();
      ApplicationSubmissionContext app = yarn.createApplication().getApplicationSubmissionContext();
      app.setApplicationName("sluice-smoke");
      app.setResource(Resource.newInstance(256, 1));
      app.setMaxAppAttempts(1);
      String classpath = cluster.confDir() + File.pathSeparator + testClasspath();
      app.setAMContainerSpec(ContainerLaunchContext.newInstance(
          Map.of(), Map.of("CLASSPATH", classpath), List.of(
              Environment.JAVA_HOME.$$() + "/bin/java -Xmx128m "
                  + SmokeApplicationMaster.class.getName()
                  + " 1><LOG_DIR>/stdout 2><LOG_DIR>/stderr"),
          null, null, null));
      ApplicationId id = app.getApplicationId();
      yarn.submitApplication(app);

      await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200))
          .until(() -> yarn.getApplicationReport(id).getYarnApplicationState(),
              state -> state == YarnApplicationState.FINISHED
                  || state == YarnApplicationState.FAILED
                  || state == YarnApplicationState.KILLED);
      ApplicationReport report = yarn.getApplicationReport(id);
      assertThat(report.getYarnApplicationState())
          .as("application %s: %s", id, report.getDiagnostics())
          .isEqualTo(YarnApplicationState.FINISHED);
      assertThat(report.getFinalApplicationStatus()).isEqualTo(FinalApplicationStatus.SUCCEEDED);
      assertThat(report.getDiagnostics()).contains("smoke test passed");
    }
  }

  @Test
  void childJvmWithOnlyTheConfFolderListsTheHdfsRoot(LocalCluster cluster, TestSpace space)
      throws Exception {
    cluster.fileSystem().mkdirs(space.hdfsDir());
    Path output = Files.createTempFile("fsshell", ".out");
    Process child = new ProcessBuilder(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", cluster.confDir() + File.pathSeparator + testClasspath(),
        "org.apache.hadoop.fs.FsShell", "-ls", "-R", "/test")
        .redirectErrorStream(true)
        .redirectOutput(output.toFile())
        .start();
    assertThat(child.waitFor(2, TimeUnit.MINUTES)).isTrue();
    String listing = Files.readString(output);
    assertThat(child.exitValue()).as(listing).isZero();
    assertThat(listing).contains("/test/" + space.name());
  }

  /** The classpath this test JVM runs with (surefire and failsafe hide it behind a manifest jar). */
  static String testClasspath() {
    return System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
  }
}
