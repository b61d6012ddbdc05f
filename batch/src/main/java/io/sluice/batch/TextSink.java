package io.sluice.batch;

import io.sluice.batch.internal.FileOutput;
import io.sluice.rdd.Sink;
import io.sluice.rdd.SinkWriter;
import io.sluice.rdd.TaskContext;
import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

/**
 * Writes each element's {@code toString()} as one UTF-8 line, one {@code part-NNNNN} file per
 * partition plus {@code _SUCCESS}; same commit protocol and threading as {@link ParquetSink}.
 * Meant for dead letters and small reports; use Parquet for data.
 *
 * <pre>{@code
 * LogFunctions.deadLetters(lines).writeTo(TextSink.of(ctx.conf(), "/sluice/dead-letters/2026112010"));
 * }</pre>
 */
public final class TextSink<T> implements Sink<T> {

  private static final long serialVersionUID = 1L;

  private final FileOutput output;

  private TextSink(FileOutput output) {
    this.output = output;
  }

  public static <T> TextSink<T> of(Configuration conf, String dir) {
    return new TextSink<>(new FileOutput(conf, dir, ""));
  }

  public String dir() {
    return output.dir();
  }

  @Override
  public SinkWriter<T> open(TaskContext context) throws Exception {
    Path temp = output.tempFile(context);
    int partition = context.partition();
    BufferedWriter out = new BufferedWriter(new OutputStreamWriter(
        temp.getFileSystem(output.conf()).create(temp, true), StandardCharsets.UTF_8), 1 << 16);
    return new SinkWriter<>() {
      @Override
      public void write(T value) throws Exception {
        out.write(value.toString());
        out.write('\n');
      }

      @Override
      public void commit() throws Exception {
        out.close();
        output.commitTask(temp, partition);
      }

      @Override
      public void abort(Throwable cause) {
        output.abortTask(temp, out, cause);
      }
    };
  }

  @Override
  public void commitJob() throws Exception {
    output.commitJob();
  }

  @Override
  public void abortJob(Throwable cause) {
    output.abortJob();
  }
}
