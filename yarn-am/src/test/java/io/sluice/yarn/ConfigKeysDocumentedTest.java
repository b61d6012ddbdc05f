package io.sluice.yarn;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;

/**
 * Keeps {@code conf/sluice-default.xml} and the {@code *ConfigKeys} classes of every module on this
 * classpath in step: each {@code FOO_KEY} constant is documented in the XML, with the value of its
 * {@code FOO_DEFAULT} constant; each property in the XML has a constant.
 */
class ConfigKeysDocumentedTest {

  @Test
  void everyKeyConstantIsDocumentedWithItsDefaultAndViceVersa() throws Exception {
    Map<String, String> documented = documentedKeys();
    Map<String, String> declared = declaredKeys();

    assertThat(declared).as("no *ConfigKeys class found on the classpath").isNotEmpty();
    assertThat(documented.keySet())
        .as("keys in conf/sluice-default.xml without a *ConfigKeys constant")
        .containsAll(declared.keySet());
    assertThat(declared.keySet())
        .as("*ConfigKeys constants missing from conf/sluice-default.xml")
        .containsAll(documented.keySet());
    declared.forEach((key, defaultValue) -> {
      if (defaultValue != null) {
        assertThat(documented.get(key)).as("documented default of %s", key).isEqualTo(defaultValue);
      }
    });
  }

  @Test
  void everyDocumentedKeyHasADescriptionAndTheSluicePrefix() throws Exception {
    org.w3c.dom.Document xml = javax.xml.parsers.DocumentBuilderFactory.newInstance()
        .newDocumentBuilder().parse(defaultsFile().toFile());
    org.w3c.dom.NodeList properties = xml.getElementsByTagName("property");
    assertThat(properties.getLength()).isPositive();
    for (int i = 0; i < properties.getLength(); i++) {
      org.w3c.dom.Element property = (org.w3c.dom.Element) properties.item(i);
      String name = property.getElementsByTagName("name").item(0).getTextContent().trim();
      assertThat(name).startsWith("sluice.");
      assertThat(property.getElementsByTagName("description").getLength())
          .as("description of %s", name).isEqualTo(1);
      assertThat(property.getElementsByTagName("description").item(0).getTextContent().trim())
          .as("description of %s", name).isNotEmpty();
    }
  }

  private static Path defaultsFile() {
    return Path.of(System.getProperty("sluice.conf.source.dir", "../conf"), "sluice-default.xml");
  }

  private static Map<String, String> documentedKeys() {
    Configuration conf = new Configuration(false);
    conf.addResource(new org.apache.hadoop.fs.Path(defaultsFile().toUri()));
    Map<String, String> keys = new TreeMap<>();
    for (Map.Entry<String, String> e : conf) {
      keys.put(e.getKey(), conf.getRaw(e.getKey()));
    }
    return keys;
  }

  /** Key name to its default's text (null when the key has no {@code _DEFAULT} constant). */
  private static Map<String, String> declaredKeys() throws Exception {
    Map<String, String> keys = new TreeMap<>();
    for (String className : configKeysClasses()) {
      Class<?> type = Class.forName(className);
      for (Field field : type.getFields()) {
        if (!Modifier.isStatic(field.getModifiers()) || !field.getName().endsWith("_KEY")) {
          continue;
        }
        String key = (String) field.get(null);
        String defaultName = field.getName().substring(0, field.getName().length() - 4) + "_DEFAULT";
        String defaultValue = null;
        try {
          defaultValue = String.valueOf(type.getField(defaultName).get(null));
        } catch (NoSuchFieldException noDefault) {
          // a key without a default (required, or computed at run time)
        }
        assertThat(keys).as("%s is declared twice", key).doesNotContainKey(key);
        keys.put(key, defaultValue);
      }
    }
    return keys;
  }

  /** Every class named {@code io.sluice...*ConfigKeys} in the directories and jars on the classpath. */
  private static Set<String> configKeysClasses() throws IOException, URISyntaxException {
    Set<String> classes = new TreeSet<>();
    for (URL root : Collections.list(ClassLoader.getSystemClassLoader().getResources("io/sluice"))) {
      if (root.getProtocol().equals("file")) {
        Path dir = Path.of(root.toURI()).getParent().getParent();
        try (Stream<Path> files = Files.walk(dir.resolve("io/sluice"))) {
          files.map(f -> dir.relativize(f).toString())
              .filter(ConfigKeysDocumentedTest::isConfigKeysClass)
              .forEach(f -> classes.add(toClassName(f)));
        }
      } else if (root.getProtocol().equals("jar")) {
        try (JarFile jar = ((JarURLConnection) root.openConnection()).getJarFile()) {
          jar.stream().map(e -> e.getName())
              .filter(ConfigKeysDocumentedTest::isConfigKeysClass)
              .forEach(f -> classes.add(toClassName(f)));
        }
      }
    }
    return classes;
  }

  private static boolean isConfigKeysClass(String path) {
    return path.startsWith("io/sluice/") && path.endsWith("ConfigKeys.class");
  }

  private static String toClassName(String path) {
    return path.substring(0, path.length() - ".class".length()).replace('/', '.');
  }
}
