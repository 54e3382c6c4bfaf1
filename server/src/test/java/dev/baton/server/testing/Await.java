package dev.baton.server.testing;

/** The transfer tests' {@link dev.baton.transfer.testing.Await}, under the name server tests use. */
public final class Await extends dev.baton.transfer.testing.Await {

  private Await() {}
}
