package dev.baton.server.cli;

import picocli.CommandLine;

/** Reads the version Maven wrote into the jar manifest, so {@code baton --version} never drifts. */
final class BatonVersion implements CommandLine.IVersionProvider {
  @Override
  public String[] getVersion() {
    String version = BatonVersion.class.getPackage().getImplementationVersion();
    return new String[] {"baton " + (version == null ? "dev" : version)};
  }
}
