package io.sluice.functions;

import java.io.Serializable;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Objects;

/**
 * An e-commerce order-status event, one CSV line: {@code timestamp,orderId,status,amount}, e.g.
 * {@code 2026-11-20T10:15:02Z,o-1042,PAID,59.90}. The timestamp is an ISO-8601 instant or epoch
 * milliseconds; the status is trimmed and upper-cased; the amount is a decimal (negative for refunds).
 *
 * <pre>{@code
 * OrderEvent e = OrderEvent.parse("1763633702000,o-1042,paid,59.90");
 * }</pre>
 */
public record OrderEvent(long timestampMillis, String orderId, String status, BigDecimal amount)
    implements Serializable {

  public OrderEvent {
    Objects.requireNonNull(orderId, "orderId");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(amount, "amount");
  }

  /** The event, or {@code null} when the line is malformed. */
  public static OrderEvent parse(String line) {
    if (line == null) {
      return null;
    }
    int c1 = line.indexOf(',');
    int c2 = c1 < 0 ? -1 : line.indexOf(',', c1 + 1);
    int c3 = c2 < 0 ? -1 : line.indexOf(',', c2 + 1);
    if (c3 < 0 || line.indexOf(',', c3 + 1) >= 0) {
      return null;
    }
    String orderId = line.substring(c1 + 1, c2).trim();
    String status = line.substring(c2 + 1, c3).trim().toUpperCase(java.util.Locale.ROOT);
    long timestamp = timestamp(line.substring(0, c1).trim());
    if (orderId.isEmpty() || status.isEmpty() || timestamp == Long.MIN_VALUE) {
      return null;
    }
    try {
      return new OrderEvent(timestamp, orderId, status, new BigDecimal(line.substring(c3 + 1).trim()));
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static long timestamp(String text) {
    if (text.isEmpty()) {
      return Long.MIN_VALUE;
    }
    boolean digits = true;
    for (int i = 0; i < text.length() && digits; i++) {
      digits = text.charAt(i) >= '0' && text.charAt(i) <= '9';
    }
    try {
      return digits ? Long.parseLong(text) : Instant.parse(text).toEpochMilli();
    } catch (NumberFormatException | DateTimeParseException | ArithmeticException e) {
      return Long.MIN_VALUE;
    }
  }
}
