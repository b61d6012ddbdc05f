package io.sluice.yarn.internal.cli;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(
    name = "run",
    description = {
        "Run a program's main class in this JVM with a cluster's conf folder on its classpath, e.g. "
            + "`sluice run io.sluice.examples.ErrorCounts localhost 9999`.",
        "Sluice's own jars and the examples are on the classpath; the program's `new Configuration()` "
            + "sees the cluster."})
final class RunCommand implements Callable<Integer> {
  @Mixin ConfDirOption conf;

  @Parameters(index = "0", paramLabel = "CLASS", description = "Main class to run.")
  String mainClass;

  @Parameters(index = "1..*", paramLabel = "ARGS", description = "Arguments for the main class.")
  List<String> args = new ArrayList<>();

  @Override
  public Integer call() throws Exception {
    Path confDir = conf.resolve();
    ClassLoader parent = Thread.currentThread().getContextClassLoader();
    URLClassLoader loader = new URLClassLoader(new URL[] {confDir.toUri().toURL()}, parent);
    Method main;
    try {
      main = Class.forName(mainClass, true, loader).getMethod("main", String[].class);
    } catch (ClassNotFoundException e) {
      throw new UserError.Usage("class " + mainClass + " is not on Sluice's classpath (build the "
          + "module that holds it, or add its jar to $SLUICE_CLASSPATH)");
    } catch (NoSuchMethodException e) {
      throw new UserError.Usage("class " + mainClass + " has no main(String[]) method");
    }
    if (!Modifier.isStatic(main.getModifiers())) {
      throw new UserError.Usage("main(String[]) of " + mainClass + " is not static");
    }
    Thread.currentThread().setContextClassLoader(loader);
    // Every Configuration the program makes now reads the folder's site files, the HBase one too
    // (HBaseConfiguration looks only on its own class loader, but merges what the program passes).
    for (String site : new String[] {"hdfs-site.xml", "yarn-site.xml", "mapred-site.xml",
        "hbase-site.xml", "sluice-site.xml"}) {
      org.apache.hadoop.conf.Configuration.addDefaultResource(site);
    }
    try {
      main.invoke(null, (Object) args.toArray(String[]::new));
    } catch (InvocationTargetException e) {
      throw e.getCause() instanceof Exception cause ? cause : e;
    }
    return 0;
  }
}
