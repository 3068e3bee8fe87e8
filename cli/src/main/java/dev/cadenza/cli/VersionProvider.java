package dev.cadenza.cli;

import picocli.CommandLine;

/** Reports the project version from the jar's manifest. */
final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        String v = Cadenza.class.getPackage().getImplementationVersion();
        return new String[] {"cadenza " + (v == null ? "(development build)" : v),
            "Java " + System.getProperty("java.version") + " on " + System.getProperty("os.name") + " " + System.getProperty("os.arch")};
    }
}
