package io.sluice.streaming.internal.wal;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The name of a segment file, {@code wal-<seq>-<startMillis>-<endMillis>}: a sequence number that
 * orders segments by creation and keeps names unique across restarts, the time of the record that
 * opened the segment, and that time plus the roll interval. Every record in a segment has a time
 * before {@code end} (a record at or after it starts the next segment), which lets clean decide
 * from a listing alone; a late record may be older than {@code start}.
 */
record SegmentName(long seq, long start, long end) implements Comparable<SegmentName> {

  private static final Pattern NAME = Pattern.compile("wal-(\\d{1,19})-(\\d{1,19})-(\\d{1,19})");

  static Optional<SegmentName> parse(String fileName) {
    Matcher m = NAME.matcher(fileName);
    if (!m.matches()) {
      return Optional.empty();
    }
    try {
      return Optional.of(new SegmentName(
          Long.parseLong(m.group(1)), Long.parseLong(m.group(2)), Long.parseLong(m.group(3))));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  /** Zero-padded sequence numbers keep a plain directory listing in creation order. */
  String fileName() {
    return String.format("wal-%010d-%d-%d", seq, start, end);
  }

  @Override
  public int compareTo(SegmentName other) {
    return Long.compare(seq, other.seq);
  }
}
