package io.sluice.yarn;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SluiceCliTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private PrintStream originalOut;
  private PrintStream originalErr;

  @BeforeEach
  void captureOutput() {
    originalOut = System.out;
    originalErr = System.err;
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @AfterEach
  void restoreOutput() {
    System.setOut(originalOut);
    System.setErr(originalErr);
  }

  @Test
  void unknownCommandExitsWithUsageErrorNamingIt() {
    assertThat(SluiceCli.run("frobnicate")).isEqualTo(2);
    assertThat(stderr()).contains("Unmatched argument").contains("'frobnicate'");
  }

  @Test
  void noCommandExitsWithUsageError() {
    assertThat(SluiceCli.run()).isEqualTo(2);
    assertThat(stderr()).contains("Missing a command");
  }

  @Test
  void confFolderThatDoesNotExistExitsWithUsageErrorNamingIt(@TempDir Path tmp) {
    Path missing = tmp.resolve("no-such-conf");
    assertThat(SluiceCli.run("fs", "--conf-dir", missing.toString(), "-ls", "/")).isEqualTo(2);
    assertThat(stderr()).contains("sluice fs: conf folder " + missing + " (from --conf-dir) does not exist");
  }

  @Test
  void confFolderWithoutCoreSiteIsRefused(@TempDir Path tmp) {
    assertThat(SluiceCli.run("fs", "--conf-dir", tmp.toString(), "-ls", "/")).isEqualTo(2);
    assertThat(stderr()).contains("holds no core-site.xml");
  }

  @Test
  void fsRunsHadoopsFsShellThroughTheConfFolder(@TempDir Path tmp) throws Exception {
    Path conf = Files.createDirectories(tmp.resolve("conf"));
    Path data = Files.createDirectories(tmp.resolve("data"));
    Files.writeString(data.resolve("hello.txt"), "hi");
    Files.writeString(conf.resolve("core-site.xml"), "<configuration><property><name>fs.defaultFS</name>"
        + "<value>" + data.toUri() + "</value></property></configuration>");
    assertThat(SluiceCli.run("fs", "--conf-dir", conf.toString(), "-ls", data.toString())).isZero();
    assertThat(stdout()).contains("hello.txt");
  }

  @Test
  void batchWithoutAJobExitsWithUsageErrorNamingIt(@TempDir Path tmp) throws Exception {
    Path conf = Files.createDirectories(tmp.resolve("conf"));
    Files.writeString(conf.resolve("core-site.xml"), "<configuration/>");
    assertThat(SluiceCli.run("batch", "--conf-dir", conf.toString(), "--engine", "inprocess")).isEqualTo(2);
    assertThat(stderr()).contains("--job is required");
  }

  @Test
  void versionPrintsSluiceAndHadoopVersions() {
    assertThat(SluiceCli.run("version")).isZero();
    assertThat(stdout()).containsPattern("Sluice \\d+\\.\\d+").contains("Hadoop 3.4");
  }

  @Test
  void helpListsTheCommands() {
    assertThat(SluiceCli.run("--help")).isZero();
    assertThat(stdout()).contains("sandbox").contains("fs").contains("version");
  }

  private String stdout() {
    return out.toString(StandardCharsets.UTF_8);
  }

  private String stderr() {
    return err.toString(StandardCharsets.UTF_8);
  }
}
