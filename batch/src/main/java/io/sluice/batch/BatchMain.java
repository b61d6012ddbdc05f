package io.sluice.batch;

import io.sluice.batch.internal.RunTotals;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hbase.HBaseConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The entry point of batch jobs: {@code java io.sluice.batch.BatchMain --job <class> [--conf
 * key=value ...] [--engine mapreduce|inprocess] [--] [job args]}. Used as the main class of the
 * Oozie java action, of {@code yarn jar}, and by {@code sluice batch} through {@link #run}.
 *
 * <p>Loads the {@link BatchJob} class, applies the {@code --conf} settings over the Hadoop
 * configuration found on the classpath ({@code core-site.xml}, {@code mapred-site.xml},
 * {@code yarn-site.xml}, {@code hbase-site.xml}; in an Oozie java action also the action's
 * configuration), runs it in a {@link BatchContext} and prints one
 * summary line to stdout:
 * <pre>{@code
 * sluice batch OK com.example.ErrorsPerLogger: 2 actions, records in 1200000, out 312, dead letters 17, elapsed 41.2 s
 * }</pre>
 * Exit codes: {@value #OK} success; the job's own non-zero return code; {@value #USAGE} bad
 * arguments; {@value #FAILED} the job threw (the message goes to stderr, the stack trace to the log).
 * Inside an Oozie java action (system property {@code oozie.action.conf.xml} set) {@code main}
 * applies the action's configuration, returns normally on success and throws on failure with the
 * stderr message instead of calling {@code System.exit}, as Oozie expects of a java action.
 */
public final class BatchMain {

  public static final int OK = 0;
  public static final int USAGE = 2;
  public static final int FAILED = 3;

  private static final Logger LOG = LoggerFactory.getLogger(BatchMain.class);
  private static final String USAGE_TEXT = "usage: BatchMain --job <class implementing"
      + " io.sluice.batch.BatchJob> [--conf key=value ...] [--engine mapreduce|inprocess] [--] [args]";

  private BatchMain() {
  }

  public static void main(String[] args) {
    // With hbase-site.xml from the classpath, for jobs that write HBase.
    Configuration conf = HBaseConfiguration.create();
    // In an Oozie java action the action's <configuration> is in this file; apply it.
    String oozieActionConf = System.getProperty("oozie.action.conf.xml");
    if (oozieActionConf == null) {
      System.exit(run(conf, args));
    }
    File actionConf = new File(oozieActionConf);
    if (actionConf.isFile()) {
      conf.addResource(new org.apache.hadoop.fs.Path(actionConf.getAbsoluteFile().toURI()));
    }
    // Oozie: return normally on success and throw on failure instead of System.exit, so the action
    // ends OK or ERROR with this message (the workflow's kill node shows it).
    ByteArrayOutputStream errors = new ByteArrayOutputStream();
    PrintStream tee = new PrintStream(new TeeOutputStream(System.err, errors), true, StandardCharsets.UTF_8);
    int code = run(conf, args, System.out, tee);
    if (code != OK) {
      throw new IllegalStateException("exit code " + code + ": "
          + errors.toString(StandardCharsets.UTF_8).trim());
    }
  }

  /** Writes to two streams. */
  private static final class TeeOutputStream extends java.io.OutputStream {
    private final java.io.OutputStream a;
    private final java.io.OutputStream b;

    TeeOutputStream(java.io.OutputStream a, java.io.OutputStream b) {
      this.a = a;
      this.b = b;
    }

    @Override
    public void write(int c) throws java.io.IOException {
      a.write(c);
      b.write(c);
    }

    @Override
    public void write(byte[] bytes, int off, int len) throws java.io.IOException {
      a.write(bytes, off, len);
      b.write(bytes, off, len);
    }

    @Override
    public void flush() throws java.io.IOException {
      a.flush();
      b.flush();
    }
  }

  /** Runs a job as {@link #main} does, without exiting; returns the exit code. */
  public static int run(Configuration base, String[] args) {
    return run(base, args, System.out, System.err);
  }

  static int run(Configuration base, String[] args, PrintStream out, PrintStream err) {
    Configuration conf = new Configuration(base);
    String jobClass = null;
    String engine = "mapreduce";
    List<String> jobArgs = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (!jobArgs.isEmpty() || (!arg.startsWith("--") && jobClass != null)) {
        jobArgs.add(arg);
      } else if (arg.equals("--")) {
        jobArgs.addAll(Arrays.asList(args).subList(i + 1, args.length));
        break;
      } else if ((arg.equals("--job") || arg.equals("--conf") || arg.equals("--engine"))
          && i + 1 >= args.length) {
        err.println("sluice batch: " + arg + " needs a value\n" + USAGE_TEXT);
        return USAGE;
      } else if (arg.equals("--job")) {
        jobClass = args[++i];
      } else if (arg.equals("--engine")) {
        engine = args[++i];
      } else if (arg.equals("--conf")) {
        String kv = args[++i];
        int eq = kv.indexOf('=');
        if (eq <= 0) {
          err.println("sluice batch: --conf expects key=value, got '" + kv + "'\n" + USAGE_TEXT);
          return USAGE;
        }
        conf.set(kv.substring(0, eq), kv.substring(eq + 1), "--conf");
      } else {
        err.println("sluice batch: unknown option " + arg + "\n" + USAGE_TEXT);
        return USAGE;
      }
    }
    if (jobClass == null) {
      err.println("sluice batch: --job is required\n" + USAGE_TEXT);
      return USAGE;
    }
    if (!engine.equals("mapreduce") && !engine.equals("inprocess")) {
      err.println("sluice batch: --engine must be mapreduce or inprocess, got '" + engine + "'");
      return USAGE;
    }
    BatchJob job;
    try {
      Class<?> type = Class.forName(jobClass, true, Thread.currentThread().getContextClassLoader());
      if (!BatchJob.class.isAssignableFrom(type)) {
        err.println("sluice batch: " + jobClass + " does not implement " + BatchJob.class.getName());
        return USAGE;
      }
      job = (BatchJob) type.getDeclaredConstructor().newInstance();
    } catch (ClassNotFoundException e) {
      err.println("sluice batch: job class not found: " + jobClass);
      return USAGE;
    } catch (ReflectiveOperationException | LinkageError e) {
      err.println("sluice batch: cannot create " + jobClass + " (it needs a public no-argument"
          + " constructor): " + e);
      return USAGE;
    }
    long started = System.nanoTime();
    String name = job.getClass().getName();
    LOG.info("Running batch job {} on the {} engine with arguments {}", name, engine, jobArgs);
    try (BatchContext ctx = engine.equals("inprocess")
        ? BatchContext.inProcess(conf) : BatchContext.mapReduce(conf)) {
      RunTotals totals = RunTotals.of(ctx.engine());
      int code = job.run(ctx, jobArgs.toArray(new String[0]));
      String summary = String.format("sluice batch %s %s: %d actions, records in %d, out %d,"
          + " dead letters %d, elapsed %.1f s", code == 0 ? "OK" : "EXIT " + code, name,
          totals.actions(), totals.recordsIn(), totals.recordsOut(), totals.deadLetters(),
          (System.nanoTime() - started) / 1e9);
      out.println(summary);
      LOG.info(summary);
      return code;
    } catch (Exception | LinkageError e) {
      String message = e.getMessage() == null ? e.toString() : e.getMessage();
      err.printf("sluice batch FAILED %s after %.1f s: %s%n", name,
          (System.nanoTime() - started) / 1e9, message);
      LOG.error("Batch job {} failed", name, e);
      return FAILED;
    }
  }
}
