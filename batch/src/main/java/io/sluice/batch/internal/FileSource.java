package io.sluice.batch.internal;

import io.sluice.rdd.Counter;
import io.sluice.rdd.TaskContext;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.hadoop.conf.Configuration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Base of the file sources: a list of splits fixed on the driver (one per file, or per block for
 * text), the client's configuration, and the corrupt-input policy. A reader that hits a corrupt
 * file either fails with an {@link IOException} naming the file or, when
 * {@code sluice.batch.input.skip.corrupt} is on, logs it, counts {@code <source>.corrupt-files}
 * and ends the split there (records read before the damage are kept).
 */
public abstract class FileSource<T> implements LocatedSource<T> {

  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(FileSource.class);

  /** A byte range of one file. */
  public record Split(String path, long start, long length, String[] hosts)
      implements java.io.Serializable {
  }

  protected final SerializableConf conf;
  protected final List<Split> splits;
  protected final boolean skipCorrupt;

  protected FileSource(Configuration conf, List<Split> splits) {
    this.conf = new SerializableConf(conf);
    this.splits = List.copyOf(splits);
    this.skipCorrupt = BatchSettings.from(conf).skipCorruptInput();
  }

  @Override
  public int partitions() {
    return Math.max(1, splits.size());
  }

  @Override
  public String[] hosts(int partition) {
    return splits.isEmpty() ? new String[0] : splits.get(partition).hosts();
  }

  @Override
  public Iterator<T> open(int partition, TaskContext context) throws Exception {
    if (splits.isEmpty()) {
      return new Reader<T>() {
        @Override
        protected T read() {
          return null;
        }
      };
    }
    Split split = splits.get(partition);
    Reader<T> reader = open(split, conf.get());
    reader.split = split;
    reader.skip = skipCorrupt;
    reader.corrupt = context.counter(context.operatorName() + ".corrupt-files");
    return reader;
  }

  /** A reader over {@code split}; its failures are reported as corrupt input of that file. */
  protected abstract Reader<T> open(Split split, Configuration conf) throws IOException;

  /** One split per file that {@code patterns} match, for formats read a whole file at a time. */
  protected static List<Split> wholeFiles(Configuration conf, List<String> patterns)
      throws IOException {
    List<Split> splits = new ArrayList<>();
    for (InputFiles.InputFile file : InputFiles.list(conf, patterns)) {
      splits.add(new Split(file.path(), 0, file.length(), file.hosts()));
    }
    return splits;
  }

  /**
   * Pull-style reader: {@link #read} returns the next element or null at the end. Failures are
   * attributed to the file and handled by the corrupt-input policy.
   */
  public abstract static class Reader<T> implements Iterator<T>, AutoCloseable {
    private Split split;
    private boolean skip;
    private Counter corrupt;
    private T next;
    private boolean done;

    protected abstract T read() throws Exception;

    /** The fraction of the split read so far, 0 to 1; polled every 4096 elements. */
    protected float progress() {
      return 0f;
    }

    private int sinceReport;

    @Override
    public void close() throws java.io.IOException {
    }

    @Override
    public final boolean hasNext() {
      if (next == null && !done) {
        try {
          next = read();
          if (++sinceReport == 4096) {
            sinceReport = 0;
            TaskProgress.report(progress());
          }
        } catch (Exception e) {
          next = null;
          corrupt(e);
        }
        done = next == null;
        if (done) {
          TaskProgress.report(1f);
        }
      }
      return next != null;
    }

    @Override
    public final T next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      T out = next;
      next = null;
      return out;
    }

    private void corrupt(Exception e) {
      String message = "corrupt or unreadable input file " + split.path() + ": " + e;
      if (!skip) {
        throw new java.io.UncheckedIOException(new IOException(message, e));
      }
      LOG.warn("Skipping the rest of {} (sluice.batch.input.skip.corrupt=true)", message);
      corrupt.increment();
    }
  }

  /** Opens splits the same way for both failure kinds: a bad header fails in the constructor. */
  protected static <T> Reader<T> failing(Exception e) {
    return new Reader<T>() {
      @Override
      protected T read() throws Exception {
        throw e;
      }
    };
  }
}
