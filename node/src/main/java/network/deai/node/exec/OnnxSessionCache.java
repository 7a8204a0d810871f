package network.deai.node.exec;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import network.deai.contracts.abi.Bytes32;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * ONNX Runtime sessions by model digest and the session settings that change results, least
 * recently used first out. It holds at most {@code maxSessions} sessions whose models total at most
 * {@code maxModelBytes} (the newest is always kept, whatever its size). A session in use when it is
 * evicted is closed when its last user releases it, so a run never sees its session closed.
 */
final class OnnxSessionCache implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(OnnxSessionCache.class);

  /** What a session is cached under: the model and every setting that changes its output bits. */
  record Key(
      Bytes32 model, int threads, OrtSession.SessionOptions.OptLevel optimization, boolean cuda) {}

  /** Creates a session; called under the cache's lock, once per key while it stays cached. */
  interface Loader {
    /** The new session. */
    OrtSession load() throws OrtException;
  }

  /** A session lent to one run; {@link #close()} gives it back. */
  final class Lease implements AutoCloseable {
    private final Entry entry;

    private Lease(Entry entry) {
      this.entry = entry;
    }

    /** The session. */
    OrtSession session() {
      return entry.session;
    }

    @Override
    public void close() {
      release(entry);
    }
  }

  private static final class Entry {
    private final OrtSession session;
    private final long bytes;
    private int users;
    private boolean evicted;

    private Entry(OrtSession session, long bytes) {
      this.session = session;
      this.bytes = bytes;
    }
  }

  private final int maxSessions;
  private final long maxModelBytes;
  private final Map<Key, Entry> entries = new LinkedHashMap<>(16, 0.75f, true);
  private long cachedBytes;

  OnnxSessionCache(int maxSessions, long maxModelBytes) {
    if (maxSessions < 1 || maxModelBytes < 1) {
      throw new IllegalArgumentException("the session cache needs room for one model");
    }
    this.maxSessions = maxSessions;
    this.maxModelBytes = maxModelBytes;
  }

  /** The cached session for {@code key}, or a new one from {@code loader}, lent to the caller. */
  synchronized Lease acquire(Key key, long modelBytes, Loader loader) throws OrtException {
    Entry entry = entries.get(key);
    if (entry == null) {
      entry = new Entry(loader.load(), modelBytes);
      entries.put(key, entry);
      cachedBytes += modelBytes;
      evict();
    }
    entry.users++;
    return new Lease(entry);
  }

  /** How many sessions are cached. */
  synchronized int size() {
    return entries.size();
  }

  private void evict() {
    Iterator<Entry> oldest = entries.values().iterator();
    while (entries.size() > 1 && (entries.size() > maxSessions || cachedBytes > maxModelBytes)) {
      Entry entry = oldest.next();
      oldest.remove();
      cachedBytes -= entry.bytes;
      entry.evicted = true;
      if (entry.users == 0) {
        closeQuietly(entry.session);
      }
    }
  }

  private synchronized void release(Entry entry) {
    entry.users--;
    if (entry.evicted && entry.users == 0) {
      closeQuietly(entry.session);
    }
  }

  @Override
  public synchronized void close() {
    entries.values().forEach(e -> e.evicted = true);
    entries.values().stream().filter(e -> e.users == 0).forEach(e -> closeQuietly(e.session));
    entries.clear();
    cachedBytes = 0;
  }

  private static void closeQuietly(OrtSession session) {
    try {
      session.close();
    } catch (OrtException e) {
      LOG.warn("closing an ONNX Runtime session failed: {}", e.getMessage());
    }
  }
}
