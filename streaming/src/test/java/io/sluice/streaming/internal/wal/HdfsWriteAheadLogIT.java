package io.sluice.streaming.internal.wal;

import io.sluice.sandbox.LocalCluster;
import io.sluice.sandbox.SandboxExtension;
import io.sluice.sandbox.TestSpace;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The WAL contract on the sandbox's MiniDFS: hflush through a real DataNode pipeline, reads of
 * files still being written (or whose writer was killed), NameNode listings and deletes.
 */
@Tag("cluster")
@Timeout(180)
@ExtendWith(SandboxExtension.class)
class HdfsWriteAheadLogIT extends WriteAheadLogContract {

  private LocalCluster cluster;
  private TestSpace space;

  @BeforeEach
  void useSandbox(LocalCluster cluster, TestSpace space) {
    this.cluster = cluster;
    this.space = space;
  }

  @Override
  FileSystem fileSystem() {
    return cluster.fileSystem();
  }

  @Override
  Path logDir() {
    return new Path(space.hdfsDir(), "wal");
  }

  /** The sandbox's client conf folder: core-site.xml and hdfs-site.xml for the child's client. */
  @Override
  String childClasspathPrefix() {
    return cluster.confDir().toString();
  }
}
