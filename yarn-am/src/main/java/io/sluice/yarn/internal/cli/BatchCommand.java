package io.sluice.yarn.internal.cli;

import io.sluice.batch.BatchMain;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(
    name = "batch",
    description = {
        "Run a batch job (a class implementing io.sluice.batch.BatchJob) on the cluster of the conf "
            + "folder: MapReduce on YARN, or the local runner with --conf mapreduce.framework.name=local.",
        "Arguments after the options go to BatchMain: --job <class> [--conf key=value ...] "
            + "[--engine mapreduce|inprocess] [--] [job args]."})
final class BatchCommand implements Callable<Integer> {
  @Mixin ConfDirOption conf;

  @Parameters(arity = "1..*", paramLabel = "BATCHMAIN_ARGS", description = "--job <class> and the rest.")
  List<String> args = new ArrayList<>();

  @Override
  public Integer call() {
    return BatchMain.run(conf.load(), args.toArray(String[]::new));
  }
}
