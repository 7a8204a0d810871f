package network.deai.node.exec;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A loopback TCP proxy in front of the RPC endpoint that can drop every connection for a while. */
final class RpcProxy implements AutoCloseable {
  private final ServerSocket server;
  private final String upstreamHost;
  private final int upstreamPort;
  private final List<Socket> open = new CopyOnWriteArrayList<>();
  private volatile long downUntilNanos;

  RpcProxy(String upstreamUrl) throws IOException {
    URI uri = URI.create(upstreamUrl);
    this.upstreamHost = uri.getHost();
    this.upstreamPort = uri.getPort();
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread.ofPlatform().daemon().name("rpc-proxy").start(this::accept);
  }

  String url() {
    return "http://127.0.0.1:" + server.getLocalPort();
  }

  /** Closes every open connection and refuses service for {@code millis}. */
  void dropFor(long millis) {
    downUntilNanos = System.nanoTime() + millis * 1_000_000;
    open.forEach(RpcProxy::closeQuietly);
    open.clear();
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        if (System.nanoTime() < downUntilNanos) {
          closeQuietly(client);
          continue;
        }
        Socket upstream = new Socket(upstreamHost, upstreamPort);
        open.add(client);
        open.add(upstream);
        pump(client, upstream);
        pump(upstream, client);
      } catch (IOException e) {
        // closed, or upstream refused: the client sees a dropped connection
      }
    }
  }

  private static void pump(Socket from, Socket to) {
    Thread.ofVirtual()
        .start(
            () -> {
              try (InputStream in = from.getInputStream();
                  OutputStream out = to.getOutputStream()) {
                in.transferTo(out);
              } catch (IOException e) {
                // connection dropped
              } finally {
                closeQuietly(from);
                closeQuietly(to);
              }
            });
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException e) {
      // already closed
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
    open.forEach(RpcProxy::closeQuietly);
  }
}
