package io.sluice.batch.internal;

import io.sluice.records.Event;
import io.sluice.records.EventCodec;
import java.io.IOException;
import java.util.List;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.file.SeekableInput;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The streaming archive: Avro container files of {@link Event} records ({@code Event.avsc}), one
 * partition per file (the archive writes one file per micro-batch, so files are small and many).
 * Files written with an older compatible schema are resolved against the current one.
 */
public final class AvroEventSource extends FileSource<Event> {

  private static final long serialVersionUID = 1L;

  private AvroEventSource(Configuration conf, List<Split> splits) {
    super(conf, splits);
  }

  public static AvroEventSource of(Configuration conf, List<String> patterns) throws IOException {
    return new AvroEventSource(conf, wholeFiles(conf, patterns));
  }

  @Override
  protected Reader<Event> open(Split split, Configuration conf) throws IOException {
    Path path = new Path(split.path());
    FileSystem fs = path.getFileSystem(conf);
    DataFileReader<GenericRecord> file;
    try {
      FSDataInputStream in = fs.open(path);
      file = new DataFileReader<>(new HadoopSeekableInput(in, split.length()),
          new GenericDatumReader<>(null, EventCodec.SCHEMA));
      checkEndsWithSync(in, file.previousSync(), split.length());
    } catch (IOException | RuntimeException e) {
      return failing(e);
    }
    return new Reader<>() {
      private GenericRecord reuse;

      @Override
      protected Event read() throws IOException {
        if (!file.hasNext()) {
          return null;
        }
        reuse = file.next(reuse);
        return EventCodec.fromRecord(reuse);
      }

      @Override
      protected float progress() {
        try {
          return split.length() == 0 ? 1f : (float) file.tell() / split.length();
        } catch (IOException e) {
          return 0f;
        }
      }

      @Override
      public void close() throws IOException {
        file.close();
      }
    };
  }

  /**
   * A complete container file ends with the sync marker that also ends its header. Avro's reader
   * treats a file cut inside a block as a clean end of file (it swallows the EOFException), so a
   * truncated archive file would silently lose its tail; this check turns that into an error.
   */
  private static void checkEndsWithSync(FSDataInputStream in, long headerEnd, long length)
      throws IOException {
    if (length <= headerEnd) {
      return; // a header and no block: an empty but complete file
    }
    byte[] headerSync = new byte[16];
    byte[] tail = new byte[16];
    in.readFully(headerEnd - 16, headerSync);
    in.readFully(length - 16, tail);
    if (!java.util.Arrays.equals(headerSync, tail)) {
      throw new IOException("truncated Avro container file: it does not end with its sync marker");
    }
  }

  /** Avro's random access over an HDFS stream (avro-mapred's FsInput, without that dependency). */
  static final class HadoopSeekableInput implements SeekableInput {
    private final FSDataInputStream in;
    private final long length;

    HadoopSeekableInput(FSDataInputStream in, long length) {
      this.in = in;
      this.length = length;
    }

    @Override
    public void seek(long p) throws IOException {
      in.seek(p);
    }

    @Override
    public long tell() throws IOException {
      return in.getPos();
    }

    @Override
    public long length() {
      return length;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      return in.read(b, off, len);
    }

    @Override
    public void close() throws IOException {
      in.close();
    }
  }
}
