package io.sluice.functions;

import java.io.Serializable;
import java.time.Instant;

/** The key of {@link OrderFunctions#countsPerStatusPerMinute}: a status in one UTC minute. */
public record StatusMinute(String status, long minuteStartMillis) implements Serializable {

  public static StatusMinute of(OrderEvent event) {
    return new StatusMinute(event.status(), Math.floorDiv(event.timestampMillis(), 60_000L) * 60_000L);
  }

  @Override
  public String toString() {
    return status + "@" + Instant.ofEpochMilli(minuteStartMillis);
  }
}
