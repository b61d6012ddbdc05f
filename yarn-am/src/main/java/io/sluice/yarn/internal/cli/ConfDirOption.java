package io.sluice.yarn.internal.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import picocli.CommandLine.Option;

/**
 * The {@code --conf-dir} option of commands that talk to a cluster: a folder of Hadoop client files
 * ({@code core-site.xml}, {@code yarn-site.xml}, {@code hbase-site.xml}, ...), as the sandbox writes
 * or a cluster's {@code HADOOP_CONF_DIR} holds.
 */
final class ConfDirOption {
  /** Where {@code sluice sandbox} writes its conf folder unless told otherwise. */
  static Path defaultSandboxConfDir() {
    return Path.of(System.getProperty("user.home"), ".sluice", "sandbox", "conf");
  }

  @Option(
      names = "--conf-dir",
      paramLabel = "DIR",
      description = "Hadoop client conf folder (default: $SLUICE_CONF_DIR, else $HADOOP_CONF_DIR, "
          + "else the running sandbox's ~/.sluice/sandbox/conf).")
  Path confDir;

  /** The chosen folder, checked to exist and to hold a {@code core-site.xml}. */
  Path resolve() {
    Path dir = confDir;
    String source = "--conf-dir";
    if (dir == null && System.getenv("SLUICE_CONF_DIR") != null) {
      dir = Path.of(System.getenv("SLUICE_CONF_DIR"));
      source = "$SLUICE_CONF_DIR";
    }
    if (dir == null && System.getenv("HADOOP_CONF_DIR") != null) {
      dir = Path.of(System.getenv("HADOOP_CONF_DIR"));
      source = "$HADOOP_CONF_DIR";
    }
    if (dir == null) {
      dir = defaultSandboxConfDir();
      if (!Files.isDirectory(dir)) {
        throw new UserError.Usage("no conf folder: start `sluice sandbox` (which writes " + dir
            + "), or name a cluster's conf folder with --conf-dir DIR or $SLUICE_CONF_DIR");
      }
      source = "the sandbox default";
    }
    if (!Files.isDirectory(dir)) {
      throw new UserError.Usage("conf folder " + dir + " (from " + source + ") does not exist");
    }
    if (!Files.isRegularFile(dir.resolve("core-site.xml"))) {
      throw new UserError.Usage("conf folder " + dir + " (from " + source
          + ") holds no core-site.xml: is it a Hadoop client conf folder?");
    }
    return dir.toAbsolutePath();
  }

  /** A configuration of the folder's site files, over Hadoop's defaults. */
  Configuration load() {
    Path dir = resolve();
    Configuration conf = new Configuration();
    for (String file : new String[] {
        "core-site.xml", "hdfs-site.xml", "yarn-site.xml", "mapred-site.xml", "hbase-site.xml",
        "sluice-site.xml"}) {
      Path site = dir.resolve(file);
      if (Files.isRegularFile(site)) {
        conf.addResource(new org.apache.hadoop.fs.Path(site.toUri()));
      }
    }
    return conf;
  }
}
