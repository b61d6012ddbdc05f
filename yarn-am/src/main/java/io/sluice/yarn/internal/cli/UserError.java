package io.sluice.yarn.internal.cli;

/**
 * A failure the user can fix from its message alone (a missing folder, a bad value): reported as one
 * line, without a stack trace.
 */
class UserError extends RuntimeException {
  UserError(String message) {
    super(message);
  }

  /** A user error in how the command was called: exit code 2, as for an unknown option. */
  static final class Usage extends UserError {
    Usage(String message) {
      super(message);
    }
  }
}
