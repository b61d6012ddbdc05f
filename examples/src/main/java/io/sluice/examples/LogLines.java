package io.sluice.examples;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Generates realistic Hadoop log lines for examples and benchmarks: 120 characters on average, levels INFO 80 %,
 * WARN 12 %, ERROR 5 %, DEBUG 3 %, and 50 loggers with Zipf-skewed frequencies (the busiest logger
 * writes about 22 % of the lines). Deterministic for a seed.
 */
public final class LogLines {

  public static final int LOGGERS = 50;

  private static final String[] PACKAGES = {
      "org.apache.hadoop.hdfs.server.datanode.", "org.apache.hadoop.hdfs.server.namenode.",
      "org.apache.hadoop.yarn.server.nodemanager.", "org.apache.hadoop.ipc.",
      "org.apache.hadoop.mapreduce.v2.app.",
  };
  private static final String[] CLASSES = {
      "DataNode", "FSNamesystem", "ContainerManagerImpl", "Server", "MRAppMaster",
      "BlockReceiver", "EditLogTailer", "ResourceLocalizationService", "Client", "TaskAttemptImpl",
  };
  private static final String[] MESSAGES = {
      "Receiving block blk_10737 src: /10.0.0.12:",
      "Slow BlockReceiver write packet, ms: ",
      "Bad connect ack with firstBadLink ",
      "Container transitioned to RUNNING, id ",
  };

  private LogLines() {
  }

  public static String logger(int index) {
    return PACKAGES[index % PACKAGES.length] + CLASSES[index / PACKAGES.length % CLASSES.length];
  }

  public static List<String> generate(int count, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    double[] zipf = new double[LOGGERS];
    double total = 0;
    for (int i = 0; i < LOGGERS; i++) {
      total += 1.0 / (i + 1);
      zipf[i] = total;
    }
    List<String> lines = new ArrayList<>(count);
    StringBuilder line = new StringBuilder(160);
    long millis = 0;
    for (int n = 0; n < count; n++) {
      millis += random.nextInt(3);
      line.setLength(0);
      long seconds = millis / 1000;
      line.append("2026-11-20 ")
          .append(two(10 + seconds / 3600 % 14)).append(':')
          .append(two(seconds / 60 % 60)).append(':')
          .append(two(seconds % 60)).append(',')
          .append(three(millis % 1000)).append(' ')
          .append(level(random.nextInt(100))).append(' ')
          .append(logger(pick(zipf, random.nextDouble() * total))).append(": ")
          .append(MESSAGES[random.nextInt(MESSAGES.length)]).append(random.nextInt(100_000));
      lines.add(line.toString());
    }
    return lines;
  }

  private static String level(int percent) {
    if (percent < 80) {
      return "INFO";
    }
    if (percent < 92) {
      return "WARN";
    }
    return percent < 97 ? "ERROR" : "DEBUG";
  }

  private static int pick(double[] cumulative, double x) {
    int i = 0;
    while (i < cumulative.length - 1 && cumulative[i] < x) {
      i++;
    }
    return i;
  }

  private static String two(long v) {
    return v < 10 ? "0" + v : Long.toString(v);
  }

  private static String three(long v) {
    return v < 10 ? "00" + v : v < 100 ? "0" + v : Long.toString(v);
  }
}
