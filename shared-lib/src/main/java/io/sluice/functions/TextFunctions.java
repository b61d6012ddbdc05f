package io.sluice.functions;

import io.sluice.rdd.Emitter;
import io.sluice.rdd.Pair;
import io.sluice.rdd.PairRdd;
import io.sluice.rdd.Rdd;
import java.util.Locale;

/**
 * Text analyses. Word count splits on whitespace and lower-cases words ({@link Locale#ROOT});
 * punctuation stays part of a word. Every line is valid input, so there are no dead letters.
 *
 * <pre>{@code
 * Map<String, Long> counts = TextFunctions.wordCount(lines).collectAsMap();
 * }</pre>
 */
public final class TextFunctions {

  public static final String WORD_COUNT = "word-count";

  private TextFunctions() {
  }

  public static PairRdd<String, Long> wordCount(Rdd<String> lines) {
    return lines.flatMap(TextFunctions::words).named("words")
        .mapToPair(word -> Pair.of(word, 1L))
        .reduceByKey(Long::sum).named(WORD_COUNT);
  }

  /** Emits the whitespace-separated words of {@code line}, lower-cased. */
  public static void words(String line, Emitter<String> out) {
    int length = line.length();
    int i = 0;
    while (i < length) {
      while (i < length && Character.isWhitespace(line.charAt(i))) {
        i++;
      }
      int start = i;
      while (i < length && !Character.isWhitespace(line.charAt(i))) {
        i++;
      }
      if (i > start) {
        out.emit(line.substring(start, i).toLowerCase(Locale.ROOT));
      }
    }
  }
}
