package io.sluice.yarn.internal.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code sluice} command tree and its error handling. */
@Command(
    name = "sluice",
    mixinStandardHelpOptions = true,
    versionProvider = Commands.Version.class,
    description = "Sluice: a lambda platform for Hadoop (streaming on YARN, reconciliation on MapReduce).",
    subcommands = {
        SandboxCommand.class,
        FsCommand.class,
        RunCommand.class,
        BatchCommand.class,
        VersionCommand.class,
        CommandLine.HelpCommand.class
    })
public final class Commands implements Runnable {
  private static final Logger LOG = LoggerFactory.getLogger(Commands.class);

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /** {@code sluice} alone: there is no default command. */
  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "Missing a command");
  }

  public static CommandLine commandLine() {
    CommandLine line = new CommandLine(new Commands());
    line.setExecutionExceptionHandler(Commands::reportFailure);
    // FsShell's own options (-ls, -put, ...) are arguments to pass on, not options of ours.
    line.getSubcommands().get("fs").setUnmatchedOptionsArePositionalParams(true);
    // BatchMain parses its own options (--job, --conf, --engine).
    line.getSubcommands().get("batch").setUnmatchedOptionsArePositionalParams(true);
    // Options after the class name belong to the program being run.
    line.getSubcommands().get("run").setStopAtPositional(true);
    return line;
  }

  /**
   * A failed command prints one line naming what went wrong; the stack trace goes to the log file,
   * except for {@link UserError}s, which need none.
   */
  private static int reportFailure(Exception e, CommandLine line, CommandLine.ParseResult parsed) {
    String command = line.getCommandSpec().qualifiedName();
    if (e instanceof UserError) {
      line.getErr().println(command + ": " + e.getMessage());
      return e instanceof UserError.Usage ? CommandLine.ExitCode.USAGE : CommandLine.ExitCode.SOFTWARE;
    }
    LOG.error("{} failed", command, e);
    line.getErr().println(command + ": failed: " + e);
    line.getErr().println("(the stack trace is in the log file: " + System.getProperty(
        "sluice.log.file", "see conf/log4j2.xml") + ")");
    return CommandLine.ExitCode.SOFTWARE;
  }

  /** Sluice's version, from the resource the build writes. */
  static String sluiceVersion() {
    try (InputStream in = Commands.class.getResourceAsStream("/io/sluice/yarn/version.properties")) {
      Properties properties = new Properties();
      if (in != null) {
        properties.load(in);
      }
      return properties.getProperty("version", "unknown");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"Sluice " + sluiceVersion()};
    }
  }
}
