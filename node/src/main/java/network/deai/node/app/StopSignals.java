package network.deai.node.app;

import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SIGTERM and SIGINT for {@code deai node run}: the first starts {@code first} (a drain), a second
 * runs {@code again} (stop at once). The JVM's own handling runs shutdown hooks on the first signal
 * and ignores the rest, so a second signal could not cut a long drain short; this installs handlers
 * through {@code sun.misc.Signal} (module {@code jdk.unsupported}), reached reflectively because
 * javac flags the type as internal API.
 */
final class StopSignals {
  private static final Logger LOG = LoggerFactory.getLogger(StopSignals.class);

  private StopSignals() {}

  /**
   * Installs the handlers; returns false when this JVM offers no {@code sun.misc.Signal}, and the
   * caller should fall back to a shutdown hook.
   */
  static boolean install(Runnable first, Runnable again) {
    AtomicInteger received = new AtomicInteger();
    try {
      Class<?> signal = Class.forName("sun.misc.Signal");
      Class<?> handler = Class.forName("sun.misc.SignalHandler");
      Object onSignal =
          Proxy.newProxyInstance(
              handler.getClassLoader(),
              new Class<?>[] {handler},
              (proxy, method, args) -> dispatch(method, received, first, again));
      Method handle = signal.getMethod("handle", signal, handler);
      for (String name : new String[] {"TERM", "INT"}) {
        handle.invoke(null, signal.getConstructor(String.class).newInstance(name), onSignal);
      }
      return true;
    } catch (ReflectiveOperationException | RuntimeException e) {
      LOG.warn("cannot handle stop signals ({}); a second signal will not cut a drain short", e);
      return false;
    }
  }

  private static @Nullable Object dispatch(
      Method method, AtomicInteger received, Runnable first, Runnable again) {
    if (method.getName().equals("handle")) {
      (received.getAndIncrement() == 0 ? first : again).run();
      return null;
    }
    throw new UnsupportedOperationException(method.getName());
  }
}
