package io.sluice.rdd.internal;

/**
 * Carries a checked exception thrown by a user function through iterator methods that cannot
 * declare it; {@link Failures} unwraps it so the user sees their own exception as the cause.
 */
final class UserException extends RuntimeException {

  private UserException(Exception cause) {
    super(cause);
  }

  /** {@code e} itself when unchecked, else wrapped; for {@code throw UserException.unchecked(e)}. */
  static RuntimeException unchecked(Exception e) {
    return e instanceof RuntimeException r ? r : new UserException(e);
  }
}
