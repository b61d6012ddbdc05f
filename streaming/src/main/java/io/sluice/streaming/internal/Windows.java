package io.sluice.streaming.internal;

/** The rules every window obeys, checked when the window is declared. */
final class Windows {
  private Windows() {}

  static void check(String name, DStreamNode<?> parent, long windowMillis, long slideMillis) {
    long parentSlide = parent.slideMillis();
    if (windowMillis <= 0 || slideMillis <= 0) {
      throw new IllegalArgumentException("window '" + name + "': length and slide must be positive");
    }
    if (windowMillis % parentSlide != 0 || slideMillis % parentSlide != 0) {
      throw new IllegalArgumentException("window '" + name + "': length " + windowMillis
          + " ms and slide " + slideMillis + " ms must be multiples of its parent's interval "
          + parentSlide + " ms");
    }
  }
}
