package io.sluice.flume.protocol;

import io.netty.channel.socket.SocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.function.Consumer;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * TLS for the Sluice sink protocol, on both ends: the sink serves with a key store (Flume's Avro
 * source keys {@code ssl}, {@code keystore}, {@code keystore-password}, {@code keystore-type}), a
 * receiver verifies the sink's certificate against a trust store (or the JVM's default trust
 * store). Each side adds Netty's {@link SslHandler} first in every connection's pipeline, through
 * the initializer Avro's {@code NettyServer} and {@code NettyTransceiver} accept.
 */
public final class Tls {
  /** Pipeline name of the TLS handler. */
  public static final String HANDLER = "ssl";

  private Tls() {}

  /** The sink's side, from a key store holding its private key and certificate chain. */
  public static SslContext server(String keystore, String password, String type) {
    KeyStore store = load("keystore", keystore, password, type);
    try {
      KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      keys.init(store, password == null ? new char[0] : password.toCharArray());
      return SslContextBuilder.forServer(keys).build();
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalArgumentException("keystore " + keystore + " holds no usable private key"
          + " for keystore-password given: " + e.getMessage(), e);
    }
  }

  /**
   * A receiver's side: trusts the certificates in {@code truststore}, or the JVM's default trust
   * store when it is null. The sink's host name is not checked against its certificate (sinks are
   * often addressed by IP); trust a store holding only your sinks' certificates or CA.
   */
  public static SslContext client(String truststore, String password, String type) {
    try {
      SslContextBuilder builder = SslContextBuilder.forClient();
      if (truststore != null) {
        TrustManagerFactory trust =
            TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(load("truststore", truststore, password, type));
        builder.trustManager(trust);
      }
      return builder.build();
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalArgumentException("truststore " + truststore + " cannot be used: "
          + e.getMessage(), e);
    }
  }

  /** An initializer that puts {@code context}'s handler first in each new connection's pipeline. */
  public static Consumer<SocketChannel> initializer(SslContext context) {
    return ch -> ch.pipeline().addFirst(HANDLER, context.newHandler(ch.alloc()));
  }

  private static KeyStore load(String what, String path, String password, String type) {
    if (path == null || path.isBlank()) {
      throw new IllegalArgumentException("TLS needs a " + what + " file");
    }
    String storeType = type == null || type.isBlank() ? "JKS" : type;
    try (InputStream in = Files.newInputStream(Path.of(path))) {
      KeyStore store = KeyStore.getInstance(storeType);
      store.load(in, password == null ? null : password.toCharArray());
      return store;
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalArgumentException(what + " " + path + " cannot be read as a " + storeType
          + " key store with the " + what + " password given: " + e, e);
    }
  }
}
