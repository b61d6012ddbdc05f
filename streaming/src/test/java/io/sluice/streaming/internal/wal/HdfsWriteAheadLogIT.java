package io.sluice.streaming.internal.wal;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.sandbox.LocalCluster;
import io.sluice.sandbox.SandboxExtension;
import io.sluice.sandbox.TestSpace;
import java.nio.ByteBuffer;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.hdfs.DistributedFileSystem;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
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

  /** Rolled segments close in the background; none may stay open (holding a lease) after close. */
  @Test
  void leavesNoSegmentOpenForWritingOnceClosed() throws Exception {
    WriteAheadLog log = open(SETTINGS);
    for (int i = 0; i < 10; i++) {
      log.write(ByteBuffer.wrap(record(i, 10_000)), 1000L * i);
    }
    log.close();

    DistributedFileSystem dfs = (DistributedFileSystem) fileSystem();
    FileStatus[] segments = dfs.listStatus(logDir());
    assertThat(segments).hasSize(10);
    for (FileStatus segment : segments) {
      assertThat(dfs.isFileClosed(segment.getPath())).as("%s closed", segment.getPath()).isTrue();
    }
  }
}
