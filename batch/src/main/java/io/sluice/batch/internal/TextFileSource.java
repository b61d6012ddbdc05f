package io.sluice.batch.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.compress.CompressionCodecFactory;
import org.apache.hadoop.io.compress.SplittableCompressionCodec;
import org.apache.hadoop.mapreduce.TaskAttemptID;
import org.apache.hadoop.mapreduce.lib.input.FileSplit;
import org.apache.hadoop.mapreduce.lib.input.LineRecordReader;
import org.apache.hadoop.mapreduce.task.TaskAttemptContextImpl;

/**
 * Lines of text files (UTF-8, {@code \n} or {@code \r\n}), one partition per block-sized split of
 * each uncompressed file and one per compressed file; lines crossing a split boundary belong to
 * the split they start in (Hadoop's {@link LineRecordReader}, so the same rules as
 * {@code TextInputFormat}). Lines are yielded without their line break.
 */
public final class TextFileSource extends FileSource<String> {

  private static final long serialVersionUID = 1L;

  private TextFileSource(Configuration conf, List<Split> splits) {
    super(conf, splits);
  }

  public static TextFileSource of(Configuration conf, List<String> patterns) throws IOException {
    CompressionCodecFactory codecs = new CompressionCodecFactory(conf);
    List<Split> splits = new ArrayList<>();
    for (InputFiles.InputFile file : InputFiles.list(conf, patterns)) {
      var codec = codecs.getCodec(new Path(file.path()));
      long size = Math.max(file.blockSize(), 1);
      if ((codec != null && !(codec instanceof SplittableCompressionCodec)) || file.length() <= size) {
        splits.add(new Split(file.path(), 0, file.length(), file.hosts()));
        continue;
      }
      for (long start = 0; start < file.length(); start += size) {
        splits.add(new Split(file.path(), start, Math.min(size, file.length() - start), file.hosts()));
      }
    }
    return new TextFileSource(conf, splits);
  }

  @Override
  protected Reader<String> open(Split split, Configuration conf) throws IOException {
    LineRecordReader lines = new LineRecordReader();
    lines.initialize(new FileSplit(new Path(split.path()), split.start(), split.length(),
        split.hosts()), new TaskAttemptContextImpl(conf, new TaskAttemptID()));
    return new Reader<>() {
      @Override
      protected String read() throws IOException {
        return lines.nextKeyValue() ? lines.getCurrentValue().toString() : null;
      }

      @Override
      protected float progress() {
        try {
          return lines.getProgress();
        } catch (IOException e) {
          return 0f;
        }
      }

      @Override
      public void close() throws IOException {
        lines.close();
      }
    };
  }
}
