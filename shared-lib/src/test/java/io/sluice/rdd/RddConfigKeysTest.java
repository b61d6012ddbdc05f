package io.sluice.rdd;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class RddConfigKeysTest {

  @Test
  void everyKeyIsDocumentedInSluiceDefaultXmlWithTheSameDefault() throws Exception {
    Map<String, String> documented = documentedDefaults(Path.of("..", "conf", "sluice-default.xml"));
    int keys = 0;
    for (Field field : RddConfigKeys.class.getDeclaredFields()) {
      if (!Modifier.isStatic(field.getModifiers()) || !field.getName().endsWith("_KEY")) {
        continue;
      }
      keys++;
      String key = (String) field.get(null);
      assertThat(key).startsWith("sluice.");
      assertThat(documented).as("documented keys").containsKey(key);
      String defaultName = field.getName().replaceFirst("_KEY$", "_DEFAULT");
      Field defaultField = RddConfigKeys.class.getDeclaredField(defaultName);
      assertThat(documented.get(key)).as(key).isEqualTo(String.valueOf(defaultField.get(null)));
    }
    assertThat(keys).isPositive();
  }

  private static Map<String, String> documentedDefaults(Path file) throws Exception {
    assertThat(file).exists();
    Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
        .parse(Files.newInputStream(file));
    NodeList properties = doc.getElementsByTagName("property");
    Map<String, String> defaults = new HashMap<>();
    for (int i = 0; i < properties.getLength(); i++) {
      Element property = (Element) properties.item(i);
      defaults.put(text(property, "name"), text(property, "value"));
    }
    return defaults;
  }

  private static String text(Element parent, String tag) {
    NodeList nodes = parent.getElementsByTagName(tag);
    return nodes.getLength() == 0 ? null : nodes.item(0).getTextContent().trim();
  }
}
