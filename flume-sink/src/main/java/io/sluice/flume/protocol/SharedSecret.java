package io.sluice.flume.protocol;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;
import org.apache.avro.ipc.RPCContext;
import org.apache.avro.ipc.RPCPlugin;

/**
 * Optional shared-secret authentication of receivers: the receiver's {@link #clientPlugin} puts the
 * secret in every call's Avro metadata; the sink's {@link Check} compares it (in constant time) before
 * the call runs, and the sink answers unauthenticated calls with an error. Without {@link Tls} the
 * secret crosses the network in clear: it keeps stray or misconfigured clients out, not
 * eavesdroppers; use both together.
 */
public final class SharedSecret {
  /** The call-metadata key carrying the secret. */
  public static final String META_KEY = "sluice.flume.secret";

  private SharedSecret() {}

  /** Add to a requestor ({@code addRPCPlugin}) to send {@code secret} with every call. */
  public static RPCPlugin clientPlugin(String secret) {
    byte[] bytes = secret.getBytes(StandardCharsets.UTF_8);
    return new RPCPlugin() {
      @Override
      public void clientSendRequest(RPCContext context) {
        context.requestCallMeta().put(META_KEY, ByteBuffer.wrap(bytes));
      }
    };
  }

  /**
   * Server side: Avro runs a responder's plugins and then the call on the same thread, so the
   * verdict for the current call is kept in a thread-local for the handler to read.
   */
  public static final class Check extends RPCPlugin {
    private final byte[] expected;
    private final ThreadLocal<Boolean> authenticated = ThreadLocal.withInitial(() -> false);

    public Check(String secret) {
      this.expected = secret.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void serverReceiveRequest(RPCContext context) {
      // Avro decodes metadata keys as Utf8, not String, whatever the map's declared type: compare text.
      ByteBuffer sent = null;
      Map<?, ByteBuffer> meta = context.requestCallMeta();
      if (meta != null) {
        for (Map.Entry<?, ByteBuffer> entry : meta.entrySet()) {
          if (META_KEY.equals(String.valueOf(entry.getKey()))) {
            sent = entry.getValue();
          }
        }
      }
      boolean ok = false;
      if (sent != null) {
        byte[] bytes = new byte[sent.remaining()];
        sent.duplicate().get(bytes);
        ok = MessageDigest.isEqual(expected, bytes);
      }
      authenticated.set(ok);
    }

    /** Whether the call now running on this thread carried the right secret. */
    public boolean authenticated() {
      return authenticated.get();
    }
  }
}
