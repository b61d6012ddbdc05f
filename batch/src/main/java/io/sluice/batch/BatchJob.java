package io.sluice.batch;

/**
 * A batch program that {@link BatchMain} (and so {@code sluice batch}, {@code yarn jar} and the
 * Oozie workflow) can run. Implementations need a public no-argument constructor; {@link #run}
 * is called once, on the client, with a context the caller closes afterwards.
 *
 * <pre>{@code
 * public final class ErrorsPerLogger implements BatchJob {
 *   public int run(BatchContext ctx, String[] args) {
 *     LogFunctions.errorsPerLogger(ctx.archive(args[0]).map(Event::line))
 *         .writeTo(ParquetSink.pairs(ctx.conf(), args[1], "logger", "errors"));
 *     return 0;
 *   }
 * }
 * }</pre>
 */
@FunctionalInterface
public interface BatchJob {

  /**
   * Runs the job; returns the process exit code (0 for success). Throwing fails the run with the
   * exception's message.
   */
  int run(BatchContext ctx, String[] args) throws Exception;
}
