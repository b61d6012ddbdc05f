package io.sluice.streaming.internal.receivers;

import io.sluice.streaming.Receiver;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import io.sluice.streaming.internal.SerializableConfiguration;

/**
 * Lines of new files in a folder on any Hadoop file system. Each file becomes one durable block
 * registered together with a mark naming the file (path, length, modification time), so after any
 * restart a file is read again exactly when its block never made it. Files are taken oldest first;
 * hidden names ({@code .x}, {@code _x}) are ignored.
 */
public final class DirectoryReceiver extends Receiver<String> {
  private static final long POLL_MILLIS = 1000;

  private final String dir;
  private final int maxLineBytes;
  private final SerializableConfiguration conf;
  private transient Thread poller;

  public DirectoryReceiver(String dir, Configuration conf, int maxLineBytes) {
    this.dir = dir;
    this.maxLineBytes = maxLineBytes;
    this.conf = new SerializableConfiguration(conf);
  }

  @Override
  public void onStart() {
    poller = new Thread(this::poll, "sluice-files-" + dir);
    poller.setDaemon(true);
    poller.start();
  }

  @Override
  public void onStop() {
    if (poller != null) {
      poller.interrupt();
    }
  }

  private void poll() {
    try {
      Path folder = new Path(dir);
      FileSystem fs = folder.getFileSystem(conf.get());
      while (!isStopped()) {
        Set<String> done = storedMarks();
        FileStatus[] files = fs.exists(folder) ? fs.listStatus(folder, DirectoryReceiver::visible)
            : new FileStatus[0];
        Arrays.sort(files, Comparator.comparingLong(FileStatus::getModificationTime)
            .thenComparing(f -> f.getPath().getName()));
        for (FileStatus file : files) {
          if (isStopped()) {
            return;
          }
          String mark = file.getPath().toUri().getPath() + "@" + file.getLen() + "@"
              + file.getModificationTime();
          if (file.isFile() && !done.contains(mark)) {
            read(fs, file, mark);
          }
        }
        Thread.sleep(POLL_MILLIS);
      }
    } catch (InterruptedException e) {
      // stopping
    } catch (IOException | RuntimeException e) {
      if (!isStopped()) {
        restart("cannot read folder " + dir, e);
      }
    }
  }

  private void read(FileSystem fs, FileStatus file, String mark) throws IOException {
    List<String> lines = new ArrayList<>();
    try (InputStream in = fs.open(file.getPath())) {
      new LineSplitter(maxLineBytes).split(in, lines::add, this::reportOversized, () -> false, () -> { });
    }
    store(lines, mark);
  }

  private static boolean visible(Path path) {
    String name = path.getName();
    return !name.startsWith(".") && !name.startsWith("_");
  }
}
