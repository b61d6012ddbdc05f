package io.sluice.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension that starts one {@link LocalCluster} per test JVM, on first use, and stops it
 * when the JVM's tests are done. Test methods, constructors and lifecycle methods declare a {@link
 * LocalCluster} parameter to get it, and a {@link TestSpace} parameter for paths and table names of
 * their own.
 *
 * <pre>{@code
 * @ExtendWith(SandboxExtension.class)
 * class ArchiveIT {
 *   @Test
 *   void writesHourlyFolders(LocalCluster cluster, TestSpace space) { ... space.hdfsDir() ... }
 * }
 * }</pre>
 *
 * <p>The cluster runs with default settings plus any {@code -Dsluice.sandbox.*} system properties
 * (e.g. {@code -Dsluice.sandbox.hbase.enabled=false} for a module that needs no HBase).
 */
public final class SandboxExtension implements ParameterResolver {
  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(SandboxExtension.class);

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    return type == LocalCluster.class || type == TestSpace.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    LocalCluster cluster = cluster(context);
    if (parameter.getParameter().getType() == LocalCluster.class) {
      return cluster;
    }
    return TestSpace.of(cluster, context);
  }

  /** The JVM's shared cluster, started on first call; stopped by JUnit when the root store closes. */
  public static LocalCluster cluster(ExtensionContext context) {
    return context.getRoot().getStore(NAMESPACE)
        .getOrComputeIfAbsent(LocalCluster.class, key -> startFromSystemProperties(), LocalCluster.class);
  }

  private static LocalCluster startFromSystemProperties() {
    Configuration conf = new Configuration();
    System.getProperties().stringPropertyNames().stream()
        .filter(name -> name.startsWith("sluice.sandbox."))
        .forEach(name -> conf.set(name, System.getProperty(name)));
    try {
      return LocalCluster.start(conf);
    } catch (IOException e) {
      throw new UncheckedIOException("the sandbox cluster did not start", e);
    }
  }
}
