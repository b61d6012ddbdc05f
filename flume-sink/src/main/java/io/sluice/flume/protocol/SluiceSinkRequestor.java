package io.sluice.flume.protocol;

import java.io.IOException;
import org.apache.avro.Schema;
import org.apache.avro.io.Decoder;
import org.apache.avro.ipc.Transceiver;
import org.apache.avro.ipc.reflect.ReflectRequestor;
import org.apache.avro.reflect.ReflectData;

/**
 * The receiver's side of {@link SluiceSinkProtocol}: Avro reflect RPC, except that a batch from a
 * sink with this same schema is read by {@link EventBatch#read}, copying its events once rather
 * than twice. A sink with another version of the schema is read by Avro, which resolves the two.
 *
 * <pre>{@code
 * SluiceSinkProtocol sink = SluiceSinkRequestor.client(new NettyTransceiver(address));
 * }</pre>
 */
public final class SluiceSinkRequestor extends ReflectRequestor {
  private static final Schema BATCH = ReflectData.get().getSchema(EventBatch.class);

  public SluiceSinkRequestor(Transceiver transceiver) throws IOException {
    super(SluiceSinkProtocol.class, transceiver);
  }

  /** A proxy calling the sink through {@code requestor}. */
  public static SluiceSinkProtocol client(SluiceSinkRequestor requestor) throws IOException {
    return getClient(SluiceSinkProtocol.class, requestor);
  }

  @Override
  public Object readResponse(Schema writer, Schema reader, Decoder in) throws IOException {
    if (reader.equals(BATCH) && writer.equals(BATCH)) {
      return EventBatch.read(in);
    }
    return super.readResponse(writer, reader, in);
  }
}
