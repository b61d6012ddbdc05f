/**
 * The subcommands of {@code sluice}, one class each, wired together by {@link
 * io.sluice.yarn.internal.cli.Commands}.
 */
package io.sluice.yarn.internal.cli;
