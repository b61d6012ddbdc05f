package io.sluice.batch;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.batch.internal.BatchSettings;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;

/** BatchConfigKeys and the batch section of conf/sluice-default.xml stay in step. */
class BatchConfigKeysTest {

  @Test
  void everyKeyIsDocumentedWithItsDefault() throws Exception {
    Configuration xml = new Configuration(false);
    xml.addResource(new org.apache.hadoop.fs.Path(
        Path.of("../conf/sluice-default.xml").toAbsolutePath().toUri()));
    Map<String, String> declared = new HashMap<>();
    for (Field field : BatchConfigKeys.class.getFields()) {
      if (Modifier.isStatic(field.getModifiers()) && field.getName().endsWith("_KEY")) {
        String key = (String) field.get(null);
        Field def = BatchConfigKeys.class.getField(
            field.getName().substring(0, field.getName().length() - 4) + "_DEFAULT");
        declared.put(key, String.valueOf(def.get(null)));
      }
    }
    assertThat(declared).isNotEmpty();
    declared.forEach((key, value) -> assertThat(xml.get(key)).as(key).isEqualTo(value));
    xml.getPropsWithPrefix("sluice.batch.").keySet()
        .forEach(k -> assertThat(declared).containsKey("sluice.batch." + k));
    // and the documented defaults parse into valid settings
    assertThat(BatchSettings.from(xml).taskAttempts()).isEqualTo(BatchConfigKeys.TASK_ATTEMPTS_DEFAULT);
  }
}
