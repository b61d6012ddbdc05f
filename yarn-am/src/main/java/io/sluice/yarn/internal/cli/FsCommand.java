package io.sluice.yarn.internal.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.hadoop.fs.FsShell;
import org.apache.hadoop.util.ToolRunner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(
    name = "fs",
    description = {
        "Run Hadoop's own FsShell against a cluster's conf folder, e.g. `sluice fs -ls /`.",
        "Everything after the options is passed to FsShell; `sluice fs -help` lists its commands."})
final class FsCommand implements Callable<Integer> {
  @Mixin ConfDirOption conf;

  @Parameters(arity = "1..*", paramLabel = "FSSHELL_ARGS", description = "FsShell command and arguments.")
  List<String> args = new ArrayList<>();

  @Override
  public Integer call() throws Exception {
    FsShell shell = new FsShell(conf.load());
    try {
      return ToolRunner.run(shell, args.toArray(String[]::new));
    } finally {
      shell.close();
    }
  }
}
