package io.sluice.batch;

import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The equivalence contract on MapReduce's local job runner and the local file system. */
@Timeout(120)
class EquivalenceTest extends EquivalenceContract {

  @TempDir
  Path tmp;

  @Override
  Configuration conf() {
    Configuration conf = new Configuration();
    conf.set("fs.defaultFS", "file:///");
    conf.set("mapreduce.framework.name", "local");
    conf.set(BatchConfigKeys.WORK_DIR_KEY, tmp.resolve("work").toString());
    conf.set("mapreduce.jobtracker.staging.root.dir", tmp.resolve("staging").toString());
    conf.set("hadoop.tmp.dir", tmp.resolve("hadoop").toString());
    conf.set("sluice.engine.threads", "2");
    return conf;
  }

  @Override
  String dir() {
    return tmp.resolve("data").toUri().toString();
  }
}
