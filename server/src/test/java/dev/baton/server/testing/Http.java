package dev.baton.server.testing;

/** The transfer tests' {@link dev.baton.transfer.testing.Http}, under the name server tests use. */
public final class Http extends dev.baton.transfer.testing.Http {

  private Http() {}
}
