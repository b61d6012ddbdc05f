package io.sluice.batch.internal;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import org.apache.hadoop.conf.Configuration;

/**
 * A Hadoop {@link Configuration} that travels with a source or sink through Java serialization
 * (written with its own {@code Writable} form), so tasks and the driver-side commit open files and
 * tables with the client's settings on every engine.
 */
public final class SerializableConf implements Serializable {

  private static final long serialVersionUID = 1L;

  private transient Configuration conf;

  public SerializableConf(Configuration conf) {
    this.conf = new Configuration(conf);
  }

  public Configuration get() {
    return conf;
  }

  private void writeObject(ObjectOutputStream out) throws IOException {
    out.defaultWriteObject();
    conf.write(out);
  }

  private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
    in.defaultReadObject();
    conf = new Configuration(false);
    conf.readFields(in);
  }
}
