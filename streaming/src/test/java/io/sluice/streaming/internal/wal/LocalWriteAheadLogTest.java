package io.sluice.streaming.internal.wal;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The WAL contract on the local file system, as the sandbox and single-machine runs use it. */
@Timeout(60)
class LocalWriteAheadLogTest extends WriteAheadLogContract {

  private static final FileSystem LOCAL;

  static {
    try {
      LOCAL = FileSystem.getLocal(new Configuration());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @TempDir
  java.nio.file.Path temp;

  @Override
  FileSystem fileSystem() {
    return LOCAL;
  }

  @Override
  Path logDir() {
    return new Path(temp.toUri().toString(), "wal");
  }

  @Override
  String childClasspathPrefix() {
    return "";
  }
}
