package io.sluice.functions;

import java.io.Serializable;
import java.util.Objects;

/**
 * One log4j / Hadoop log line: {@code 2026-11-20 10:15:02,123 ERROR org.apache.hadoop.hdfs.DataNode:
 * message}. Parsing is hand-written and index-based (no regular expressions, no allocation to find
 * the level), because it runs on every line of every batch.
 *
 * <p>Accepted: {@code yyyy-MM-dd HH:mm:ss,SSS} (a {@code T} for the space and a {@code .} for the
 * comma are accepted too), one or more spaces, a level ({@link Level}), one or more spaces, an
 * optional {@code [thread]} and spaces, a logger name without spaces, {@code ": "} (or {@code ":"}
 * at the end of the line), then the message, possibly empty. Anything else is malformed. The
 * timestamp has no zone in log4j's default layout; it is read as UTC.
 *
 * <pre>{@code
 * LogLine line = LogLine.parse("2026-11-20 10:15:02,123 WARN org.apache.hadoop.ipc.Client: retrying");
 * line.level();   // WARN
 * line.logger();  // org.apache.hadoop.ipc.Client
 * }</pre>
 */
public record LogLine(long timestampMillis, Level level, String logger, String message)
    implements Serializable {

  /** Log levels, least severe first. */
  public enum Level {
    TRACE, DEBUG, INFO, WARN, ERROR, FATAL;

    private static final Level[] VALUES = values();
    private static final Level[] FIVE_LETTERS = {ERROR, DEBUG, TRACE, FATAL};

    /** ERROR and FATAL. */
    public boolean isError() {
      return this == ERROR || this == FATAL;
    }

    private static Level at(String line, int from, int to) {
      int length = to - from;
      if (length == 4) {
        return line.startsWith("INFO", from) ? INFO : line.startsWith("WARN", from) ? WARN : null;
      }
      if (length == 5) {
        for (Level level : FIVE_LETTERS) {
          if (line.startsWith(level.name(), from)) {
            return level;
          }
        }
      }
      return null;
    }
  }

  private static final int LEVEL_START = 24;

  public LogLine {
    Objects.requireNonNull(level, "level");
    Objects.requireNonNull(logger, "logger");
    Objects.requireNonNull(message, "message");
  }

  /** The parsed line, or {@code null} when it is malformed. */
  public static LogLine parse(String line) {
    long scan = scan(line);
    if (scan < 0) {
      return null;
    }
    int loggerStart = loggerStart(scan);
    int loggerEnd = loggerEnd(scan);
    int messageStart = Math.min(loggerEnd + 2, line.length());
    return new LogLine(timestampMillis(line), level(scan), line.substring(loggerStart, loggerEnd),
        line.substring(messageStart));
  }

  /** The level of a well-formed line, or {@code null} when it is malformed; allocates nothing. */
  public static Level level(String line) {
    long scan = scan(line);
    return scan < 0 ? null : level(scan);
  }

  /** The logger of a well-formed line, or {@code null} when it is malformed. */
  public static String logger(String line) {
    long scan = scan(line);
    return scan < 0 ? null : line.substring(loggerStart(scan), loggerEnd(scan));
  }

  // The one parser. Returns -1 for a malformed line, else the level ordinal and the logger's
  // bounds packed into a long (8 + 28 + 28 bits) so the hot path allocates nothing.
  private static long scan(String line) {
    if (line == null || line.length() < LEVEL_START + 4 || !timestampShape(line)) {
      return -1;
    }
    int levelEnd = line.indexOf(' ', LEVEL_START);
    Level level = levelEnd < 0 ? null : Level.at(line, LEVEL_START, levelEnd);
    if (level == null) {
      return -1;
    }
    int loggerStart = skipSpaces(line, levelEnd);
    if (loggerStart < line.length() && line.charAt(loggerStart) == '[') {
      int threadEnd = line.indexOf("] ", loggerStart);
      if (threadEnd < 0) {
        return -1;
      }
      loggerStart = skipSpaces(line, threadEnd + 1);
    }
    // The logger ends at the first ':' followed by a space or the end of the line, and has no
    // space in it: so that colon is just before the first space (or is the last character).
    // String.indexOf is vectorized; a loop over chars is the parser's slowest part.
    int space = line.indexOf(' ', loggerStart);
    int loggerEnd = (space < 0 ? line.length() : space) - 1;
    if (loggerEnd <= loggerStart || line.charAt(loggerEnd) != ':' || loggerEnd >= (1 << 28)) {
      return -1;
    }
    return ((long) level.ordinal() << 56) | ((long) loggerStart << 28) | loggerEnd;
  }

  private static Level level(long scan) {
    return Level.VALUES[(int) (scan >>> 56)];
  }

  private static int loggerStart(long scan) {
    return (int) ((scan >>> 28) & 0xFFFFFFF);
  }

  private static int loggerEnd(long scan) {
    return (int) (scan & 0xFFFFFFF);
  }

  private static int skipSpaces(String line, int from) {
    int i = from;
    while (i < line.length() && line.charAt(i) == ' ') {
      i++;
    }
    return i;
  }

  // yyyy-MM-dd HH:mm:ss,SSS followed by a space, with plausible field ranges.
  private static boolean timestampShape(String s) {
    if (s.charAt(4) != '-' || s.charAt(7) != '-' || (s.charAt(10) != ' ' && s.charAt(10) != 'T')
        || s.charAt(13) != ':' || s.charAt(16) != ':' || (s.charAt(19) != ',' && s.charAt(19) != '.')
        || s.charAt(23) != ' ') {
      return false;
    }
    int month = digits(s, 5, 2);
    int day = digits(s, 8, 2);
    int hour = digits(s, 11, 2);
    int minute = digits(s, 14, 2);
    int second = digits(s, 17, 2);
    return digits(s, 0, 4) >= 0 && month >= 1 && month <= 12 && day >= 1 && day <= 31
        && hour >= 0 && hour <= 23 && minute >= 0 && minute <= 59 && second >= 0 && second <= 59
        && digits(s, 20, 3) >= 0;
  }

  private static int digits(String s, int from, int count) {
    int value = 0;
    for (int i = from; i < from + count; i++) {
      int d = s.charAt(i) - '0';
      if (d < 0 || d > 9) {
        return -1;
      }
      value = value * 10 + d;
    }
    return value;
  }

  private static long timestampMillis(String s) {
    long days = daysFromCivil(digits(s, 0, 4), digits(s, 5, 2), digits(s, 8, 2));
    long seconds = days * 86_400 + digits(s, 11, 2) * 3600L + digits(s, 14, 2) * 60L + digits(s, 17, 2);
    return seconds * 1000 + digits(s, 20, 3);
  }

  // Days since 1970-01-01 of a proleptic Gregorian date (the classic era-based civil calendar formula).
  static long daysFromCivil(int year, int month, int day) {
    int y = month <= 2 ? year - 1 : year;
    int era = Math.floorDiv(y, 400);
    int yearOfEra = y - era * 400;
    int dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
    int dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
    return era * 146_097L + dayOfEra - 719_468;
  }
}
