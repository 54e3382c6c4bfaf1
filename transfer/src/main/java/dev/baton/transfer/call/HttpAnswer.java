package dev.baton.transfer.call;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;

/** A worker's complete answer, read whole. */
public record HttpAnswer(int status, MultiMap headers, Buffer body) {}
