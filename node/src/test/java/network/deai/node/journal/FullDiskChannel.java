package network.deai.node.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;

/**
 * A file channel on a disk that can fill up: once {@link #fill} is called it writes only that many
 * more bytes, as a real device does (a short write, then "No space left on device"), until {@link
 * #free} makes room again. {@link #breakTruncation} makes truncating fail too, as on a device that
 * has gone bad. Everything else goes to the real channel.
 */
public final class FullDiskChannel extends FileChannel {
  private final FileChannel file;
  private long room = Long.MAX_VALUE;
  private boolean truncationBroken;

  public FullDiskChannel(FileChannel file) {
    this.file = file;
  }

  /** From now on, only {@code bytes} more bytes fit. */
  public synchronized void fill(long bytes) {
    room = bytes;
  }

  /** Makes room for any write again. */
  public synchronized void free() {
    room = Long.MAX_VALUE;
  }

  /** From now on, truncating fails. */
  public synchronized void breakTruncation() {
    truncationBroken = true;
  }

  @Override
  public synchronized int write(ByteBuffer src) throws IOException {
    if (room == 0 && src.hasRemaining()) {
      throw new IOException("No space left on device");
    }
    ByteBuffer part = src.slice();
    part.limit((int) Math.min(part.remaining(), room));
    int n = file.write(part);
    src.position(src.position() + n);
    room -= n;
    return n;
  }

  @Override
  public synchronized FileChannel truncate(long size) throws IOException {
    if (truncationBroken) {
      throw new IOException("Input/output error");
    }
    file.truncate(size);
    return this;
  }

  @Override
  public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
    throw new UnsupportedOperationException("the journals write one buffer at a time");
  }

  @Override
  public int write(ByteBuffer src, long position) throws IOException {
    throw new UnsupportedOperationException("the journals append");
  }

  @Override
  public int read(ByteBuffer dst) throws IOException {
    return file.read(dst);
  }

  @Override
  public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
    return file.read(dsts, offset, length);
  }

  @Override
  public int read(ByteBuffer dst, long position) throws IOException {
    return file.read(dst, position);
  }

  @Override
  public long position() throws IOException {
    return file.position();
  }

  @Override
  public FileChannel position(long newPosition) throws IOException {
    file.position(newPosition);
    return this;
  }

  @Override
  public long size() throws IOException {
    return file.size();
  }

  @Override
  public void force(boolean metaData) throws IOException {
    file.force(metaData);
  }

  @Override
  public long transferTo(long position, long count, WritableByteChannel target) throws IOException {
    return file.transferTo(position, count, target);
  }

  @Override
  public long transferFrom(ReadableByteChannel src, long position, long count) throws IOException {
    return file.transferFrom(src, position, count);
  }

  @Override
  public MappedByteBuffer map(MapMode mode, long position, long size) throws IOException {
    return file.map(mode, position, size);
  }

  @Override
  public FileLock lock(long position, long size, boolean shared) throws IOException {
    return file.lock(position, size, shared);
  }

  @Override
  public FileLock tryLock(long position, long size, boolean shared) throws IOException {
    return file.tryLock(position, size, shared);
  }

  @Override
  protected void implCloseChannel() throws IOException {
    file.close();
  }
}
