package io.sluice.rdd.plan;

/** Operator names: every node needs one, for counters and errors. */
final class Names {

  private Names() {
  }

  static String check(String name) {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("an operator name must not be blank");
    }
    return name;
  }
}
