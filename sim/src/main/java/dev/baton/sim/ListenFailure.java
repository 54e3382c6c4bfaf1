package dev.baton.sim;

import io.vertx.core.Future;

/**
 * Names the address a socket could not listen on. Netty's bind error says only "Address already in
 * use"; with several workers on consecutive ports, an operator needs to know which port is taken.
 */
final class ListenFailure {

  private ListenFailure() {}

  /** {@code listening}, failed with a message naming {@code what}, {@code host} and {@code port}. */
  static <T> Future<T> naming(Future<T> listening, String what, String host, int port) {
    return listening.recover(err -> Future.failedFuture(new IllegalStateException(
        "cannot listen for the " + what + " on " + host + ":" + port + ": " + err.getMessage(), err)));
  }
}
