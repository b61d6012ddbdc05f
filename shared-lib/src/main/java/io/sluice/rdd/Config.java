package io.sluice.rdd;

import java.util.Map;

/**
 * A read-only view of configuration keys, with typed getters; Hadoop-free so that shared functions
 * can read settings in any engine (engines adapt Hadoop's {@code Configuration} with
 * {@code conf::get}). A value that does not parse fails fast with an exception naming the key.
 * Implementations must be safe to read from several threads.
 *
 * <pre>{@code
 * Config config = Config.of(Map.of(RddConfigKeys.ENGINE_THREADS_KEY, "2"));
 * int threads = config.getInt(RddConfigKeys.ENGINE_THREADS_KEY, RddConfigKeys.ENGINE_THREADS_DEFAULT);
 * }</pre>
 */
@FunctionalInterface
public interface Config {

  /** The value of {@code key}, or {@code null} when it is not set. */
  String get(String key);

  static Config of(Map<String, String> values) {
    Map<String, String> copy = Map.copyOf(values);
    return copy::get;
  }

  static Config empty() {
    return key -> null;
  }

  default String get(String key, String defaultValue) {
    String value = get(key);
    return value == null ? defaultValue : value;
  }

  default int getInt(String key, int defaultValue) {
    String value = trimmed(key);
    try {
      return value == null ? defaultValue : Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw invalid(key, value, "an integer");
    }
  }

  default long getLong(String key, long defaultValue) {
    String value = trimmed(key);
    try {
      return value == null ? defaultValue : Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw invalid(key, value, "a long integer");
    }
  }

  default double getDouble(String key, double defaultValue) {
    String value = trimmed(key);
    try {
      return value == null ? defaultValue : Double.parseDouble(value);
    } catch (NumberFormatException e) {
      throw invalid(key, value, "a number");
    }
  }

  default boolean getBoolean(String key, boolean defaultValue) {
    String value = trimmed(key);
    if (value == null) {
      return defaultValue;
    }
    if (value.equalsIgnoreCase("true")) {
      return true;
    }
    if (value.equalsIgnoreCase("false")) {
      return false;
    }
    throw invalid(key, value, "true or false");
  }

  private String trimmed(String key) {
    String value = get(key);
    return value == null || value.isBlank() ? null : value.trim();
  }

  private static IllegalArgumentException invalid(String key, String value, String expected) {
    return new IllegalArgumentException(key + ": expected " + expected + ", got '" + value + "'");
  }
}
