package io.sluice.rdd;

/**
 * The result of one run of an action, with the counters its tasks incremented.
 *
 * <pre>{@code
 * RunResult<Long> errors = LogFunctions.filterErrors(lines).run(Action.count());
 * long malformed = errors.counters().get("filter-errors.malformed");
 * }</pre>
 */
public record RunResult<R>(R value, Counters counters) {
}
