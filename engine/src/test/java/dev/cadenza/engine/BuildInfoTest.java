package dev.cadenza.engine;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class BuildInfoTest {

    @Test
    void theProjectVersionIsFilledInByTheBuild() {
        assertTrue(BuildInfo.projectVersion().matches("\\d+\\.\\d+\\.\\d+.*"), BuildInfo.projectVersion());
    }

    @Test
    void theCommitIsAGitIdOrUnknownNeverAPlaceholder() {
        String commit = BuildInfo.commit();

        assertTrue(commit.equals("unknown") || commit.matches("[0-9a-f]{40}(-dirty)?"), commit);
    }
}
