package io.sluice.batch.internal;

import io.sluice.records.ValueCodec;
import io.sluice.batch.BatchConfigKeys;
import io.sluice.rdd.Action;
import io.sluice.rdd.Config;
import io.sluice.rdd.Counters;
import io.sluice.rdd.Engine;
import io.sluice.rdd.OperatorException;
import io.sluice.rdd.RunResult;
import io.sluice.rdd.TaskContext;
import io.sluice.rdd.plan.NarrowNode;
import io.sluice.rdd.plan.PlanNode;
import io.sluice.rdd.plan.ShuffleNode;
import io.sluice.rdd.plan.SortNode;
import io.sluice.rdd.plan.SourceNode;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.BytesWritable;
import org.apache.hadoop.io.IntWritable;
import org.apache.hadoop.io.NullWritable;
import org.apache.hadoop.io.SequenceFile;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.MRConfig;
import org.apache.hadoop.mapreduce.MRJobConfig;
import org.apache.hadoop.mapreduce.TaskCompletionEvent;
import org.apache.hadoop.mapreduce.lib.output.FileOutputFormat;
import org.apache.hadoop.mapreduce.lib.output.SequenceFileOutputFormat;
import org.apache.hadoop.security.Credentials;
import org.apache.hadoop.security.UserGroupInformation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The MapReduce engine: runs each action as the chain of jobs {@link JobPlanner} compiles, one
 * after another, on whatever {@code mapreduce.framework.name} says (YARN, or the local job runner
 * for {@code local}). Per action, on the driver:
 * <ol>
 *   <li>size and compile the plan; Java-serialize one {@link JobSpec} per job into the run's work
 *       folder {@code <sluice.batch.work.dir>/<user>/<run id>} (a function that cannot be serialized
 *       fails here, naming its operator, before anything is submitted);</li>
 *   <li>submit each job and log its map/reduce progress while it runs (throttled); add its Sluice
 *       counters (one Hadoop counter group per operator) to the run's totals;</li>
 *   <li>read the action's partition results and merge them; delete the work folder, including the
 *       intermediate SequenceFiles between jobs.</li>
 * </ol>
 * A failed task's exception comes back as the original {@link OperatorException} ({@link
 * TaskFailures}). Thread-safe: runs share nothing but the configuration, which is copied per job.
 */
public final class MapReduceEngine implements Engine {

  private static final Logger LOG = LoggerFactory.getLogger(MapReduceEngine.class);
  private static final AtomicLong RUNS = new AtomicLong();

  private final Configuration conf;
  private final Config config;
  private final BatchSettings settings;
  private volatile boolean closed;

  public MapReduceEngine(Configuration conf) {
    this.conf = new Configuration(Objects.requireNonNull(conf, "conf"));
    this.config = this.conf::get;
    this.settings = BatchSettings.from(this.conf);
  }

  @Override
  public Config config() {
    return config;
  }

  /** A copy of the configuration jobs start from. */
  public Configuration hadoopConf() {
    return new Configuration(conf);
  }

  @Override
  @SuppressWarnings("unchecked")
  public <R> RunResult<R> run(PlanNode plan, Action<?, ?, R> action) {
    Objects.requireNonNull(plan, "plan");
    Objects.requireNonNull(action, "action");
    if (closed) {
      throw new IllegalStateException("the MapReduce engine is closed");
    }
    long started = System.nanoTime();
    String runId = String.format("run-%d-%d-%04x", System.currentTimeMillis(), RUNS.incrementAndGet(),
        ThreadLocalRandom.current().nextInt(0x10000));
    Path runDir;
    FileSystem fs;
    try {
      String user = UserGroupInformation.getCurrentUser().getShortUserName();
      fs = FileSystem.get(conf);
      runDir = fs.makeQualified(new Path(settings.workDir(), user + "/" + runId));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot reach the file system for the run's work folder", e);
    }
    Map<String, Long> counters = new TreeMap<>();
    try {
      List<JobSpec> jobs = JobPlanner.plan(plan, action, runId, runDir.toString(),
          settings.reducers());
      List<byte[]> specs = serialize(jobs);
      LOG.info("{}: {} of '{}' compiled into {} MapReduce job(s), work folder {}", runId,
          action.name(), plan.name(), jobs.size(), runDir);
      List<String> classpath = shipClasspath(fs, runDir);
      Credentials tokens = HBaseTokens.obtain(conf);
      for (int i = 0; i < jobs.size(); i++) {
        runJob(jobs.get(i), specs.get(i), jobs.size(), runDir, classpath, tokens, counters);
      }
      JobSpec last = jobs.get(jobs.size() - 1);
      List<Object> results = readResults(fs, new Path(last.outputDir),
          last.partitions[last.top]);
      R value;
      try {
        value = ((Action<Object, Object, R>) action).merge(driverContext(action.name(), counters),
            results);
      } catch (Exception e) {
        throw TaskEvaluator.attributed(action.name(), -1, e);
      }
      LOG.info("{}: {} of '{}' done in {} ms", runId, action.name(), plan.name(),
          (System.nanoTime() - started) / 1_000_000);
      return new RunResult<>(value, Counters.of(counters));
    } catch (IOException e) {
      RuntimeException failure = new UncheckedIOException(runId + ": " + e.getMessage(), e);
      abort(action, failure);
      throw failure;
    } catch (RuntimeException | Error e) {
      abort(action, e);
      throw e;
    } finally {
      if (settings.keepWorkDir()) {
        LOG.info("{}: keeping work folder {}", runId, runDir);
      } else {
        try {
          fs.delete(runDir, true);
        } catch (IOException e) {
          LOG.warn("{}: could not delete work folder {}", runId, runDir, e);
        }
      }
    }
  }

  /** What an action's driver-side merge sees: partition -1, counters added to the run's totals. */
  private TaskContext driverContext(String operator, Map<String, Long> counters) {
    return new TaskContext() {
      @Override
      public Config config() {
        return config;
      }

      @Override
      public io.sluice.rdd.Counter counter(String name) {
        return delta -> counters.merge(name, delta, Long::sum);
      }

      @Override
      public String operatorName() {
        return operator;
      }

      @Override
      public int partition() {
        return -1;
      }

      @Override
      public String taskId() {
        return "driver";
      }

      @Override
      public Clock clock() {
        return Clock.systemUTC();
      }
    };
  }

  private static void abort(Action<?, ?, ?> action, Throwable cause) {
    try {
      action.abort(cause);
    } catch (RuntimeException suppressed) {
      cause.addSuppressed(suppressed);
    }
  }

  /** Serializes each job's spec now, so an unserializable function fails before any job runs. */
  private static List<byte[]> serialize(List<JobSpec> jobs) {
    List<byte[]> out = new ArrayList<>();
    for (JobSpec job : jobs) {
      try {
        out.add(ValueCodec.serialize(job));
      } catch (RuntimeException e) {
        throw unserializable(job, e);
      }
    }
    return out;
  }

  private static RuntimeException unserializable(JobSpec job, RuntimeException e) {
    for (PlanNode node : job.nodes) {
      Object fn = node instanceof NarrowNode n ? n.fn()
          : node instanceof ShuffleNode s ? s.combiner()
          : node instanceof SortNode s ? s.keyOrder()
          : node instanceof SourceNode s ? s.source() : null;
      if (fn != null) {
        try {
          ValueCodec.serialize(fn);
        } catch (RuntimeException inner) {
          return new IllegalArgumentException("operator '" + node.name() + "': its function cannot"
              + " be serialized (" + inner.getCause() + "); functions must capture only"
              + " serializable values, see io.sluice.rdd.Fn", inner);
        }
      }
    }
    String name = job.action == null ? "plan" : job.action.name();
    return new IllegalArgumentException("operator '" + name + "' cannot be serialized ("
        + e.getCause() + ")", e);
  }

  private void runJob(JobSpec spec, byte[] serialized, int jobCount, Path runDir,
      List<String> classpath, Credentials tokens, Map<String, Long> counters) throws IOException {
    Job job = Job.getInstance(new Configuration(conf), jobName(spec, jobCount));
    job.getCredentials().addAll(tokens);
    Configuration jc = job.getConfiguration();
    JobSpecs.write(jc, new Path(runDir, "job-" + spec.jobIndex + ".spec"), serialized);
    if (jc.get(MRJobConfig.JAR) == null) {
      job.setJarByClass(MapReduceEngine.class);
    }
    for (String jar : classpath) {
      job.addFileToClassPath(new Path(jar));
    }
    // Sluice parses its own arguments (BatchMain); tell the submitter not to warn about it.
    jc.setBoolean("mapreduce.client.genericoptionsparser.used", true);
    jc.setBoolean(MRJobConfig.MAP_SPECULATIVE, false);
    jc.setBoolean(MRJobConfig.REDUCE_SPECULATIVE, false);
    jc.setInt(MRJobConfig.MAP_MAX_ATTEMPTS, settings.taskAttempts());
    jc.setInt(MRJobConfig.REDUCE_MAX_ATTEMPTS, settings.taskAttempts());
    if ("local".equals(jc.get(MRConfig.FRAMEWORK_NAME, "local"))
        && jc.get("mapreduce.local.map.tasks.maximum") == null) {
      // The local runner runs one map task at a time by default; use the machine.
      jc.setInt("mapreduce.local.map.tasks.maximum", Runtime.getRuntime().availableProcessors());
      jc.setInt("mapreduce.local.reduce.tasks.maximum", Runtime.getRuntime().availableProcessors());
    }
    job.setInputFormatClass(PartitionInputFormat.class);
    job.setMapperClass(PlanMapper.class);
    job.setOutputFormatClass(SequenceFileOutputFormat.class);
    FileOutputFormat.setOutputPath(job, new Path(spec.outputDir));
    if (spec.mapOnly()) {
      job.setNumReduceTasks(0);
    } else {
      PlanNode node = spec.shuffleNode();
      job.setMapOutputKeyClass(BytesWritable.class);
      job.setMapOutputValueClass(BytesWritable.class);
      job.setPartitionerClass(ShufflePartitioner.class);
      job.setReducerClass(PlanReducer.class);
      job.setNumReduceTasks(spec.reducers());
      if (node instanceof ShuffleNode s && s.combiner().mapSide()) {
        job.setCombinerClass(PlanCombiner.class);
      }
      if (node instanceof SortNode) {
        job.setSortComparatorClass(SortKeyComparator.class);
      }
    }
    if (spec.action != null) {
      job.setOutputKeyClass(IntWritable.class);
      job.setOutputValueClass(BytesWritable.class);
    } else {
      job.setOutputKeyClass(BytesWritable.class);
      job.setOutputValueClass(NullWritable.class);
    }
    boolean ok;
    try {
      job.submit();
      ok = new JobMonitor(job, settings.progressIntervalMs()).await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      killQuietly(job);
      throw new IllegalStateException("interrupted while waiting for job " + job.getJobName(), e);
    } catch (ClassNotFoundException e) {
      throw new IOException(e);
    }
    if (!ok) {
      throw failure(job, spec);
    }
    addCounters(spec, counters);
  }

  private static void killQuietly(Job job) {
    try {
      job.killJob();
    } catch (IOException | RuntimeException e) {
      LOG.warn("Could not kill job {}", job.getJobName(), e);
    }
  }

  private static String jobName(JobSpec spec, int jobCount) {
    String stage = spec.mapOnly()
        ? spec.nodes.get(spec.top).name()
        : spec.shuffleNode().name() + " (" + spec.shuffleNode().kind() + ")";
    String tail = spec.action == null ? "" : " -> " + spec.action.name();
    return "sluice " + spec.runId + " [" + (spec.jobIndex + 1) + "/" + jobCount + "] "
        + stage + tail;
  }

  /**
   * Adds the counters the job's tasks left in the counters folder. The same counts are Hadoop
   * counters of the job (group {@code sluice:<operator>}, visible in its web UI and history), but a
   * finished YARN job's counters are only served by a JobHistoryServer, which a cluster may lack.
   */
  @SuppressWarnings("unchecked")
  private void addCounters(JobSpec spec, Map<String, Long> counters) throws IOException {
    Path dir = new Path(spec.countersDir());
    FileSystem fs = dir.getFileSystem(conf);
    if (!fs.exists(dir)) {
      return;
    }
    for (FileStatus file : fs.listStatus(dir, p -> p.getName().startsWith(spec.jobIndex + "-"))) {
      try (InputStream in = fs.open(file.getPath())) {
        Map<String, Long> task = (Map<String, Long>) ValueCodec.deserialize(in.readAllBytes(),
            JobSpecs.loader(conf));
        task.forEach((name, value) -> {
          if (value != 0) {
            counters.merge(name, value, Long::sum);
          }
        });
      } catch (ClassNotFoundException e) {
        throw new IOException("unreadable counters " + file.getPath(), e);
      }
    }
  }

  /** The first task failure the tasks recorded, else what MapReduce says. */
  private RuntimeException failure(Job job, JobSpec spec) throws IOException {
    Path dir = new Path(spec.failuresDir);
    FileSystem fs = dir.getFileSystem(conf);
    if (fs.exists(dir)) {
      FileStatus[] files = fs.listStatus(dir);
      Arrays.sort(files, Comparator.comparingLong(FileStatus::getModificationTime));
      for (FileStatus file : files) {
        try (InputStream in = fs.open(file.getPath())) {
          Object failure = ValueCodec.deserialize(in.readAllBytes(), JobSpecs.loader(conf));
          if (failure instanceof RuntimeException e) {
            return e;
          }
          return new OperatorException(job.getJobName(), -1, (Throwable) failure);
        } catch (ClassNotFoundException | IOException | ClassCastException e) {
          LOG.debug("Unreadable failure record {}", file.getPath(), e);
        }
      }
    }
    // No task recorded a failure: it died before or outside Sluice's code (container launch,
    // out of memory, class path). Collect what MapReduce knows about the failed attempts.
    StringBuilder info = new StringBuilder();
    try {
      info.append(job.getStatus().getFailureInfo());
      for (TaskCompletionEvent event : job.getTaskCompletionEvents(0, 1000)) {
        if (event.getStatus() == TaskCompletionEvent.Status.FAILED) {
          for (String diagnostic : job.getTaskDiagnostics(event.getTaskAttemptId())) {
            info.append('\n').append(event.getTaskAttemptId()).append(": ").append(diagnostic);
          }
        }
      }
    } catch (IOException | InterruptedException | RuntimeException e) {
      info.append("\n(no task diagnostics: ").append(e).append(')');
    }
    return new OperatorException(job.getJobName(), -1,
        new TaskFailures.RemoteTaskException("job " + job.getJobID() + " failed", String.valueOf(info)));
  }

  private static List<Object> readResults(FileSystem fs, Path dir, int partitions) throws IOException {
    Object[] results = new Object[partitions];
    boolean[] seen = new boolean[partitions];
    for (FileStatus file : fs.listStatus(dir, p -> p.getName().startsWith("part-"))) {
      try (SequenceFile.Reader reader = new SequenceFile.Reader(fs.getConf(),
          SequenceFile.Reader.file(file.getPath()))) {
        IntWritable key = new IntWritable();
        BytesWritable value = new BytesWritable();
        while (reader.next(key, value)) {
          results[key.get()] = ValueCodec.deserialize(
              Arrays.copyOf(value.getBytes(), value.getLength()), JobSpecs.loader(fs.getConf()));
          seen[key.get()] = true;
        }
      } catch (ClassNotFoundException e) {
        throw new IOException("cannot load the class of an action result", e);
      }
    }
    for (int p = 0; p < partitions; p++) {
      if (!seen[p]) {
        throw new IOException("no result for partition " + p + " in " + dir);
      }
    }
    return Arrays.asList(results);
  }

  /**
   * On YARN, uploads the client classpath's non-Hadoop jars once per run so every task finds them
   * (Hadoop's own jars are on the cluster's classpath). Directories are skipped: a test's classes
   * reach containers through {@code mapreduce.application.classpath} instead.
   */
  private List<String> shipClasspath(FileSystem fs, Path runDir) throws IOException {
    if (!"yarn".equals(conf.get(MRConfig.FRAMEWORK_NAME)) || !settings.shipClasspath()) {
      return List.of();
    }
    List<String> shipped = new ArrayList<>();
    Path lib = new Path(runDir, "lib");
    // Jars of a Hadoop installation are on every node already.
    List<String> hadoopHomes = new ArrayList<>();
    for (String var : List.of("HADOOP_HOME", "HADOOP_COMMON_HOME", "HADOOP_HDFS_HOME",
        "HADOOP_MAPRED_HOME", "HADOOP_YARN_HOME")) {
      String home = System.getenv(var);
      if (home != null && !home.isBlank()) {
        hadoopHomes.add(new File(home).getAbsolutePath());
      }
    }
    for (String entry : System.getProperty("java.class.path", "").split(File.pathSeparator)) {
      File file = new File(entry);
      if (!file.isFile() || !file.getName().endsWith(".jar") || file.getName().startsWith("hadoop-")
          || hadoopHomes.stream().anyMatch(home -> file.getAbsolutePath().startsWith(home))) {
        continue;
      }
      Path target = new Path(lib, file.getName());
      fs.copyFromLocalFile(new Path(file.toURI()), target);
      shipped.add(target.toUri().getPath());
    }
    LOG.info("Shipping {} jars of the client classpath with the run's jobs", shipped.size());
    return shipped;
  }

  @Override
  public void close() {
    closed = true;
  }

  @Override
  public String toString() {
    return "MapReduceEngine[" + conf.get(MRConfig.FRAMEWORK_NAME, "local") + "]";
  }
}
