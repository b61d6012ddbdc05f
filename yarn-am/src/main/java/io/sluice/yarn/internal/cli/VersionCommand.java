package io.sluice.yarn.internal.cli;

import java.util.concurrent.Callable;
import org.apache.hadoop.util.VersionInfo;
import picocli.CommandLine.Command;

@Command(name = "version", description = "Print the versions of Sluice, Hadoop, HBase and Java.")
final class VersionCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    System.out.println("Sluice " + Commands.sluiceVersion());
    System.out.println("Hadoop " + VersionInfo.getVersion());
    System.out.println("HBase  " + org.apache.hadoop.hbase.util.VersionInfo.getVersion());
    System.out.println("Java   " + System.getProperty("java.version") + " (" + System.getProperty("java.home") + ")");
    return 0;
  }
}
