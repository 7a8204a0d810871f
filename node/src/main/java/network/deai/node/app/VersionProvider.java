package network.deai.node.app;

import picocli.CommandLine;

/** Reports the build version from the jar manifest, or "development" when run from classes. */
final class VersionProvider implements CommandLine.IVersionProvider {
  @Override
  public String[] getVersion() {
    String version = DeaiCommand.class.getPackage().getImplementationVersion();
    return new String[] {"deai " + (version == null ? "development build" : version)};
  }
}
