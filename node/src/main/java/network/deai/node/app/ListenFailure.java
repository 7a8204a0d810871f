package network.deai.node.app;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/**
 * One line for a server that could not listen: "HOST:PORT is in use: what to do" when another
 * program holds the port, else the reason. Shared by {@code node run}, {@code explorer} and {@code
 * chain start}.
 */
final class ListenFailure {
  private ListenFailure() {}

  /**
   * The error for a failure {@code e} to listen on {@code host:port}; {@code fix} says what to do.
   */
  static IllegalArgumentException of(String host, int port, Throwable e, String fix) {
    String at = host + ":" + port;
    if (inUse(e)) {
      return new IllegalArgumentException(at + " is in use: " + fix, e);
    }
    String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return new IllegalArgumentException(
        "cannot listen on " + at + " (" + reason.replaceAll("\\s+", " ") + "): " + fix, e);
  }

  /**
   * Whether another program listens on loopback port {@code port} (0, any free port, never is);
   * checked by binding it for a moment.
   */
  static boolean loopbackPortTaken(int port) {
    if (port == 0) {
      return false;
    }
    try (ServerSocket probe = new ServerSocket()) {
      probe.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1);
      return false;
    } catch (BindException e) {
      return true;
    } catch (IOException e) {
      return false; // another failure: let the server report it
    }
  }

  private static boolean inUse(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof BindException
          || (t.getMessage() != null && t.getMessage().contains("Address already in use"))) {
        return true;
      }
    }
    return false;
  }
}
