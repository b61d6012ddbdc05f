package io.sluice.batch.internal;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.BlockLocation;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;

/**
 * Expands input patterns on the driver into the files a source reads: Hadoop globs ({@code *},
 * {@code {10,11}}), folders read recursively, hidden entries ({@code _SUCCESS}, {@code .tmp},
 * {@code _temporary}) skipped, as MapReduce's own input formats do. A pattern that matches nothing
 * fails naming it; a folder without files is just empty.
 */
public final class InputFiles {

  private InputFiles() {
  }

  /** One input file: fully qualified path, length and the hosts of its first block. */
  public record InputFile(String path, long length, long blockSize, String[] hosts)
      implements Serializable {
  }

  public static List<InputFile> list(Configuration conf, List<String> patterns) throws IOException {
    List<InputFile> files = new ArrayList<>();
    for (String pattern : patterns) {
      Path path = new Path(pattern);
      FileSystem fs = path.getFileSystem(conf);
      FileStatus[] matches = fs.globStatus(path, p -> !hidden(p));
      if (matches == null || matches.length == 0) {
        throw new FileNotFoundException("input path does not exist: " + fs.makeQualified(path));
      }
      Arrays.sort(matches);
      for (FileStatus match : matches) {
        if (match.isDirectory()) {
          RemoteIterator<LocatedFileStatus> it = fs.listFiles(match.getPath(), true);
          List<InputFile> inDir = new ArrayList<>();
          while (it.hasNext()) {
            LocatedFileStatus file = it.next();
            if (!hiddenBelow(match.getPath(), file.getPath())) {
              inDir.add(of(file, file.getBlockLocations()));
            }
          }
          inDir.sort(Comparator.comparing(InputFile::path));
          files.addAll(inDir);
        } else {
          files.add(of(match, fs.getFileBlockLocations(match, 0, Math.min(1, match.getLen()))));
        }
      }
    }
    return files;
  }

  private static InputFile of(FileStatus file, BlockLocation[] blocks) throws IOException {
    String[] hosts = blocks == null || blocks.length == 0 ? new String[0] : blocks[0].getHosts();
    return new InputFile(file.getPath().toString(), file.getLen(), file.getBlockSize(), hosts);
  }

  static boolean hidden(Path path) {
    String name = path.getName();
    return name.startsWith("_") || name.startsWith(".");
  }

  private static boolean hiddenBelow(Path root, Path file) {
    for (Path p = file; p != null && !p.equals(root); p = p.getParent()) {
      if (hidden(p)) {
        return true;
      }
    }
    return false;
  }
}
