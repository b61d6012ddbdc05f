package io.sluice.batch;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.functions.LogFunctions;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class BatchMainTest {

  @TempDir
  Path tmp;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  /** Counts the error lines of args[0] into text files in args[1]. */
  public static final class CountErrors implements BatchJob {
    @Override
    public int run(BatchContext ctx, String[] args) {
      LogFunctions.errorsPerLogger(ctx.textFile(args[0])).writeTo(TextSink.of(ctx.conf(), args[1]));
      return 0;
    }
  }

  /** Fails with a message. */
  public static final class Broken implements BatchJob {
    @Override
    public int run(BatchContext ctx, String[] args) {
      throw new IllegalStateException("the input hour is not closed yet");
    }
  }

  private int run(String... args) {
    Configuration conf = new Configuration();
    conf.set("fs.defaultFS", "file:///");
    conf.set(BatchConfigKeys.WORK_DIR_KEY, tmp.resolve("work").toString());
    return BatchMain.run(conf, args, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @Test
  void runsAJobAndPrintsASummary() throws Exception {
    Files.writeString(tmp.resolve("in.log"), String.join("\n",
        "2026-11-20 10:15:02,123 ERROR a.B: x", "2026-11-20 10:15:03,123 INFO a.B: y", "junk",
        "2026-11-20 10:15:04,123 ERROR a.C: z") + "\n");
    int code = run("--job", CountErrors.class.getName(), "--conf", "mapreduce.framework.name=local",
        tmp.resolve("in.log").toString(), tmp.resolve("out").toString());
    assertThat(code).as(err.toString()).isEqualTo(BatchMain.OK);
    assertThat(out.toString()).startsWith("sluice batch OK " + CountErrors.class.getName()
        + ": 1 actions, records in 4, out 2, dead letters 1, elapsed ");
    assertThat(Files.exists(tmp.resolve("out/_SUCCESS"))).isTrue();
  }

  /** The README's flow: a sample archive hour, then the hourly view job on it (Parquet only). */
  @Test
  void sampleArchiveThenErrorsPerLoggerPerMinute() throws Exception {
    String archive = tmp.resolve("archive").toString();
    assertThat(run("--job", io.sluice.batch.jobs.SampleArchive.class.getName(), archive,
        "2026-11-20T10:00:00Z", "5000")).as(err.toString()).isEqualTo(BatchMain.OK);
    assertThat(tmp.resolve("archive/2026/11/20/10/_SUCCESS")).exists();
    out.reset();
    assertThat(run("--job", io.sluice.batch.jobs.ErrorsPerLoggerPerMinute.class.getName(),
        "--conf", "mapreduce.framework.name=local", "--", archive + "/2026/11/20/10",
        tmp.resolve("views").toString())).as(err.toString()).isEqualTo(BatchMain.OK);
    assertThat(out.toString()).contains("records in 5000,").contains("dead letters 0");
    try (BatchContext ctx = BatchContext.inProcess(new Configuration())) {
      long errors = ctx.parquetFile(tmp.resolve("views").toString())
          .map(r -> (Long) r.get("errors")).fold(0L, Long::sum);
      assertThat(errors).isBetween(500L, 1000L); // 1 line in 7 is an ERROR
      assertThat(ctx.parquetFile(tmp.resolve("views").toString()).first().getSchema())
          .isEqualTo(io.sluice.batch.jobs.ErrorsPerLoggerPerMinute.SCHEMA);
    }
  }

  /** As an Oozie java action: the action conf applies, success returns, failure throws its message. */
  @Test
  void underOozieMainReturnsOrThrowsInsteadOfExiting() throws Exception {
    Path actionConf = tmp.resolve("action.xml");
    Files.writeString(actionConf, "<configuration><property><name>fs.defaultFS</name>"
        + "<value>file:///</value></property></configuration>");
    System.setProperty("oozie.action.conf.xml", actionConf.toString());
    try {
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> BatchMain.main(new String[] {
              "--job", Broken.class.getName(), "--engine", "inprocess"}))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("exit code 3").hasMessageContaining("the input hour is not closed yet");
      BatchMain.main(new String[] {"--job", io.sluice.batch.jobs.SampleArchive.class.getName(),
          "--engine", "inprocess", tmp.resolve("archive").toString(), "2026-11-20T10:00:00Z", "10"});
      assertThat(tmp.resolve("archive/2026/11/20/10/_SUCCESS")).exists();
    } finally {
      System.clearProperty("oozie.action.conf.xml");
    }
  }

  @Test
  void failureAndUsageErrorsHaveTheirExitCodes() {
    assertThat(run("--job", Broken.class.getName(), "--engine", "inprocess")).isEqualTo(BatchMain.FAILED);
    assertThat(err.toString()).contains("sluice batch FAILED").contains("the input hour is not closed yet");
    assertThat(run()).isEqualTo(BatchMain.USAGE);
    assertThat(run("--job", "no.such.Job")).isEqualTo(BatchMain.USAGE);
    assertThat(run("--job", String.class.getName())).isEqualTo(BatchMain.USAGE);
    assertThat(run("--job", Broken.class.getName(), "--conf", "novalue")).isEqualTo(BatchMain.USAGE);
    assertThat(err.toString()).contains("job class not found: no.such.Job")
        .contains("does not implement io.sluice.batch.BatchJob").contains("--conf expects key=value");
  }
}
