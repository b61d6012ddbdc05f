package io.sluice.yarn;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.security.auth.Subject;
import javax.security.auth.kerberos.KerberosPrincipal;
import javax.security.auth.kerberos.KerberosTicket;
import javax.security.auth.kerberos.KeyTab;
import javax.security.auth.login.AppConfigurationEntry;
import javax.security.auth.login.Configuration;
import javax.security.auth.login.LoginContext;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs {@code bin/sluice} as a user does, from the build tree: the sandbox in one process, {@code
 * sluice fs} against its conf folder in another, then a stop by signal that must leave no process and
 * no data behind.
 */
@Tag("cluster")
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class SluiceLauncherIT {
  private static final Path SLUICE = Path.of(System.getProperty("sluice.home", ".."), "bin", "sluice");

  @Test
  void sandboxServesFsAndKerberosThroughItsConfFolderAndStopsCleanlyOnSigterm(@TempDir Path tmp)
      throws Exception {
    Path dir = tmp.resolve("sandbox");
    Path log = tmp.resolve("sandbox.out");
    Process sandbox = launcher(tmp, "sandbox", "--dir", dir.toString(), "--without-hbase", "--with-kdc")
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .start();
    try {
      awaitLine(sandbox, log, "Press Ctrl-C to stop", Duration.ofMinutes(2));
      String banner = Files.readString(log);
      assertThat(banner).contains("HDFS NameNode").contains("hdfs://localhost:")
          .contains("YARN ResourceManager").contains("Client conf folder       " + dir.resolve("conf"));

      // The conf folder named by $SLUICE_CONF_DIR, as a user in another shell would.
      ProcessBuilder mkdir = launcher(tmp, "fs", "-mkdir", "-p", "/from-another-jvm");
      mkdir.environment().put("SLUICE_CONF_DIR", dir.resolve("conf").toString());
      assertThat(run(mkdir, tmp.resolve("mkdir.out"))).isZero();
      ProcessBuilder ls = launcher(tmp, "fs", "--conf-dir", dir.resolve("conf").toString(), "-ls", "/");
      assertThat(run(ls, tmp.resolve("ls.out"))).isZero();
      assertThat(Files.readString(tmp.resolve("ls.out"))).contains("/from-another-jvm");

      assertThat(banner).contains("Kerberos realm").contains("sluice/localhost@");
      assertKeytabLogsIn(dir.resolve("conf"));

      List<ProcessHandle> children = sandbox.descendants().toList();
      sandbox.destroy(); // SIGTERM
      assertThat(sandbox.waitFor(60, TimeUnit.SECONDS)).as("sandbox stopped within 60 s").isTrue();
      assertThat(sandbox.exitValue()).as(Files.readString(log)).isZero();
      assertThat(Files.readString(log)).contains("Sandbox stopped.");
      assertThat(children).noneMatch(ProcessHandle::isAlive);
      try (var left = Files.list(dir)) {
        assertThat(left.map(p -> p.getFileName().toString())).containsOnly(".lock");
      }
    } finally {
      sandbox.destroyForcibly();
    }
  }

  @Test
  void unknownCommandExitsNonZeroNamingIt(@TempDir Path tmp) throws Exception {
    assertThat(run(launcher(tmp, "frobnicate"), tmp.resolve("out"))).isEqualTo(2);
    assertThat(Files.readString(tmp.resolve("out"))).contains("'frobnicate'");
  }

  @Test
  void missingConfFolderExitsNonZeroNamingIt(@TempDir Path tmp) throws Exception {
    assertThat(run(launcher(tmp, "fs", "--conf-dir", "/no/such/conf", "-ls", "/"), tmp.resolve("out")))
        .isEqualTo(2);
    assertThat(Files.readString(tmp.resolve("out"))).contains("conf folder /no/such/conf");
  }

  /** A Kerberos login from the conf folder's keytab, against the sandbox's KDC. */
  private static void assertKeytabLogsIn(Path conf) throws Exception {
    System.setProperty("java.security.krb5.conf", conf.resolve("krb5.conf").toString());
    assertThat(KeyTab.getInstance(conf.resolve("sluice.keytab").toFile()).exists()).isTrue();
    String realm = Files.readAllLines(conf.resolve("krb5.conf")).stream()
        .filter(l -> l.trim().startsWith("default_realm"))
        .map(l -> l.substring(l.indexOf('=') + 1).trim())
        .findFirst().orElseThrow();
    String name = "sluice/localhost@" + realm;
    Configuration jaas = new Configuration() {
      @Override
      public AppConfigurationEntry[] getAppConfigurationEntry(String entry) {
        return new AppConfigurationEntry[] {new AppConfigurationEntry(
            "com.sun.security.auth.module.Krb5LoginModule",
            AppConfigurationEntry.LoginModuleControlFlag.REQUIRED,
            Map.of("useKeyTab", "true", "keyTab", conf.resolve("sluice.keytab").toString(),
                "principal", name, "storeKey", "true", "doNotPrompt", "true",
                "refreshKrb5Config", "true", "isInitiator", "true"))};
      }
    };
    LoginContext login = new LoginContext("sandbox", new Subject(), null, jaas);
    login.login();
    assertThat(login.getSubject().getPrincipals(KerberosPrincipal.class))
        .extracting(KerberosPrincipal::getName).containsExactly(name);
    assertThat(login.getSubject().getPrivateCredentials(KerberosTicket.class)).isNotEmpty();
    login.logout();
  }

  private static ProcessBuilder launcher(Path tmp, String... args) {
    ProcessBuilder builder = new ProcessBuilder();
    builder.command().add(SLUICE.toString());
    builder.command().addAll(List.of(args));
    Map<String, String> env = builder.environment();
    env.put("HOME", tmp.toString()); // keep ~/.sluice of the user running the tests untouched
    env.put("SLUICE_LOG_DIR", tmp.resolve("logs").toString());
    env.remove("SLUICE_CONF_DIR");
    env.remove("HADOOP_CONF_DIR");
    return builder;
  }

  private static int run(ProcessBuilder builder, Path output) throws IOException, InterruptedException {
    Process process = builder.redirectErrorStream(true).redirectOutput(output.toFile()).start();
    assertThat(process.waitFor(2, TimeUnit.MINUTES)).as("%s finished", builder.command()).isTrue();
    return process.exitValue();
  }

  private static void awaitLine(Process process, Path log, String line, Duration timeout)
      throws IOException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!Files.readString(log).contains(line)) {
      assertThat(process.isAlive()).as("sandbox died:%n%s", Files.readString(log)).isTrue();
      assertThat(System.nanoTime()).as("waited %s for '%s'", timeout, line).isLessThan(deadline);
      process.waitFor(100, TimeUnit.MILLISECONDS);
    }
  }
}
