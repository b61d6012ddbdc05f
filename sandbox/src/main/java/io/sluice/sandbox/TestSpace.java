package io.sluice.sandbox;

import java.util.Locale;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Names of one test's own: an HDFS folder and an HBase table prefix derived from the test class and
 * method, so tests sharing one {@link LocalCluster} never see each other's data.
 *
 * @param name {@code <TestClass>_<method>}, safe in paths and table names
 * @param hdfsDir {@code /test/<name>} on the cluster's HDFS (not created)
 */
public record TestSpace(String name, Path hdfsDir) {

  static TestSpace of(LocalCluster cluster, ExtensionContext context) {
    String method = context.getTestMethod().map(m -> m.getName()).orElse("all");
    String name = (context.getRequiredTestClass().getSimpleName() + "_" + method)
        .replaceAll("[^A-Za-z0-9_]", "_");
    return new TestSpace(name, new Path(cluster.nameNodeUri().toString(), "/test/" + name));
  }

  /** An HBase table name unique to this test: {@code <name>_<suffix>}, lower case. */
  public String tableName(String suffix) {
    return (name + "_" + suffix).toLowerCase(Locale.ROOT);
  }
}
