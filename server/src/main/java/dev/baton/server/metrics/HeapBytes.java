package dev.baton.server.metrics;

import io.netty.buffer.ByteBuf;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.buffer.impl.BufferImpl;
import io.vertx.core.internal.buffer.BufferInternal;

/**
 * A buffer's bytes as an array and the offset where they start in it: the buffer's own array when
 * it has one (Vert.x hands a relayed chunk over in a heap buffer), a copy otherwise. Reading a
 * relayed chunk byte by byte through {@link Buffer#getByte} checks bounds and the reference count
 * on every byte; that was the relay's costliest loop. Vert.x's own buffers are looked into as they
 * are: {@link BufferInternal#getByteBuf} makes a slice, and for a slice (every event the splitter
 * cuts) an unreleasable wrapper too, two objects per relayed event.
 *
 * @param array holds the bytes; never written through
 * @param offset where the buffer's first byte is in {@code array}
 * @param length how many bytes the buffer has
 */
record HeapBytes(byte[] array, int offset, int length) {

  static HeapBytes of(Buffer buffer) {
    ByteBuf bytes = buffer instanceof BufferImpl impl ? impl.byteBuf()
        : buffer instanceof BufferInternal internal ? internal.getByteBuf() : null;
    if (bytes != null && bytes.hasArray()) {
      return new HeapBytes(bytes.array(), bytes.arrayOffset() + bytes.readerIndex(),
          bytes.readableBytes());
    }
    byte[] copy = buffer.getBytes();
    return new HeapBytes(copy, 0, copy.length);
  }

  byte get(int index) {
    return array[offset + index];
  }
}
