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
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

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
        .as("*ConfigKeys constants missing from conf/sluice-default.xml")
        .containsAll(declared.keySet());
    assertThat(declared.keySet())
        .as("keys in conf/sluice-default.xml without a *ConfigKeys constant")
        .containsAll(documented.keySet());
    declared.forEach((key, defaultValue) -> {
      if (defaultValue != null) {
        assertThat(documented.get(key)).as("documented default of %s", key).isEqualTo(defaultValue);
      }
    });
  }

  @Test
  void everyDocumentedKeyHasTheSluicePrefixAndADescription() throws Exception {
    NodeList properties = defaults().getElementsByTagName("property");
    assertThat(properties.getLength()).isPositive();
    for (int i = 0; i < properties.getLength(); i++) {
      Element property = (Element) properties.item(i);
      String name = child(property, "name");
      assertThat(name).startsWith("sluice.");
      assertThat(child(property, "description")).as("description of %s", name).isNotBlank();
    }
  }

  private static Document defaults() throws Exception {
    Path file = Path.of(System.getProperty("sluice.conf.source.dir", "../conf"), "sluice-default.xml");
    return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(file.toFile());
  }

  private static String child(Element property, String tag) {
    NodeList nodes = property.getElementsByTagName(tag);
    assertThat(nodes.getLength()).as("<%s> elements in a property", tag).isEqualTo(1);
    return nodes.item(0).getTextContent().trim();
  }

  /** Name to value of every property, empty values included (Hadoop's Configuration drops those). */
  private static Map<String, String> documentedKeys() throws Exception {
    NodeList properties = defaults().getElementsByTagName("property");
    Map<String, String> keys = new TreeMap<>();
    for (int i = 0; i < properties.getLength(); i++) {
      Element property = (Element) properties.item(i);
      String name = child(property, "name");
      assertThat(keys).as("%s is documented twice", name).doesNotContainKey(name);
      keys.put(name, child(property, "value"));
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
