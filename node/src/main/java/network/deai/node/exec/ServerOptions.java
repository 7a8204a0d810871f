package network.deai.node.exec;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.lang.reflect.InvocationTargetException;
import java.util.concurrent.TimeUnit;

/**
 * Creates the API's Vert.x HTTP server with {@link HttpLimits}: idle timeout, request-line and
 * header caps, and HTTP/1.1 only (no h2c upgrade, so every connection is seen as it opens and a
 * refusal can close it). {@code HttpServerOptions} is configured by reflection because its class
 * file carries {@code vertx-codegen-json} annotations that this build does not have, and javac's
 * warning about them fails the {@code -Werror} build wherever the type is named.
 */
final class ServerOptions {
  private static final String OPTIONS = "io.vertx.core.http.HttpServerOptions";

  private ServerOptions() {}

  static HttpServer create(Vertx vertx, HttpLimits limits) {
    try {
      Class<?> type = Class.forName(OPTIONS);
      Object options = type.getConstructor().newInstance();
      type.getMethod("setIdleTimeout", int.class)
          .invoke(options, (int) limits.idleTimeout().toMillis());
      type.getMethod("setIdleTimeoutUnit", TimeUnit.class).invoke(options, TimeUnit.MILLISECONDS);
      type.getMethod("setMaxInitialLineLength", int.class)
          .invoke(options, HttpLimits.MAX_INITIAL_LINE_BYTES);
      type.getMethod("setMaxHeaderSize", int.class).invoke(options, HttpLimits.MAX_HEADER_BYTES);
      type.getMethod("setHttp2ClearTextEnabled", boolean.class).invoke(options, false);
      return (HttpServer) Vertx.class.getMethod("createHttpServer", type).invoke(vertx, options);
    } catch (ClassNotFoundException
        | NoSuchMethodException
        | InstantiationException
        | IllegalAccessException
        | InvocationTargetException e) {
      throw new IllegalStateException("cannot configure the Vert.x HTTP server", e);
    }
  }
}
