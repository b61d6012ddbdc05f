package io.sluice.yarn;

import io.sluice.yarn.internal.cli.Commands;

/**
 * The {@code sluice} command line: {@code bin/sluice <command>} in a build or installation, and the
 * main class of the job jar under {@code yarn jar}. Prints usage for {@code --help}; exits 0 on
 * success, 1 when a command fails, 2 on a usage error (unknown command or option, a conf folder
 * that does not exist).
 *
 * <pre>{@code
 * bin/sluice sandbox                 # embedded cluster in the foreground
 * bin/sluice fs -ls /                # Hadoop's FsShell through the sandbox's conf folder
 * }</pre>
 */
public final class SluiceCli {
  private SluiceCli() {}

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs one command line in this JVM and returns its exit code (for tests and embedding). */
  public static int run(String... args) {
    return Commands.commandLine().execute(args);
  }
}
