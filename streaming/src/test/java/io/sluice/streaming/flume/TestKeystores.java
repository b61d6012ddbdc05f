package io.sluice.streaming.flume;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Self-signed key stores for TLS tests, made with the JDK's own {@code keytool}: one key store per
 * name (PKCS12, password {@link #PASSWORD}) and a trust store holding only that name's certificate.
 */
final class TestKeystores {
  public static final String PASSWORD = "changeit";

  private TestKeystores() {}

  /** {@code dir/<name>.p12} with a key pair for CN=localhost, and {@code dir/<name>-trust.p12}. */
  public static void create(Path dir, String name) throws IOException, InterruptedException {
    Path keystore = keystore(dir, name);
    Path cert = dir.resolve(name + ".crt");
    keytool("-genkeypair", "-alias", name, "-keyalg", "RSA", "-keysize", "2048",
        "-dname", "CN=localhost, O=Sluice test " + name, "-validity", "2", "-storetype", "PKCS12",
        "-keystore", keystore.toString(), "-storepass", PASSWORD, "-keypass", PASSWORD);
    keytool("-exportcert", "-alias", name, "-keystore", keystore.toString(), "-storepass", PASSWORD,
        "-file", cert.toString());
    keytool("-importcert", "-noprompt", "-alias", name, "-file", cert.toString(), "-storetype",
        "PKCS12", "-keystore", truststore(dir, name).toString(), "-storepass", PASSWORD);
  }

  public static Path keystore(Path dir, String name) {
    return dir.resolve(name + ".p12");
  }

  public static Path truststore(Path dir, String name) {
    return dir.resolve(name + "-trust.p12");
  }

  private static void keytool(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes());
    if (p.waitFor() != 0) {
      throw new IOException("keytool " + String.join(" ", args) + " failed: " + output);
    }
  }
}
