package dev.cadenza.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
    @TempDir
    Path dir;

    @Test
    void aWrittenFileHasTheDefaultPermissionsOfAFileTheUserMakes() throws IOException {
        Assumptions.assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"),
                "POSIX permissions only");
        Path plain = Files.createFile(dir.resolve("plain.txt"));
        Path written = dir.resolve("written.mid");
        AtomicFiles.write(written, "MIDI file", out -> out.write(new byte[] {1, 2, 3}));
        assertEquals(Files.getPosixFilePermissions(plain), Files.getPosixFilePermissions(written));
        assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(written));
    }

    @Test
    void theNextWriteRemovesWhatAKilledWriterLeftButNotWhatAWriterHolds() throws IOException {
        Path file = dir.resolve("take.mid");
        java.nio.file.attribute.FileTime old = java.nio.file.attribute.FileTime.fromMillis(
                System.currentTimeMillis() - 2 * AtomicFiles.LEFTOVER_AGE_MILLIS);
        Path killed = Files.write(dir.resolve(".take.mid.0123abcd.tmp"), new byte[] {1});
        Files.setLastModifiedTime(killed, old);
        Path justCreated = Files.write(dir.resolve(".take.mid.4567cdef.tmp"), new byte[] {2});
        Path held = Files.write(dir.resolve(".take.mid.89abcdef.tmp"), new byte[] {3});
        Files.setLastModifiedTime(held, old);
        Path otherTarget = Files.write(dir.resolve(".other.mid.0123abcd.tmp"), new byte[] {4});
        Files.setLastModifiedTime(otherTarget, old);
        try (java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(held,
                java.nio.file.StandardOpenOption.WRITE); java.nio.channels.FileLock lock = channel.lock()) {
            AtomicFiles.write(file, "MIDI file", out -> out.write(new byte[] {5}));
        }
        assertTrue(Files.notExists(killed), "a killed writer's leftover stays");
        assertTrue(Files.exists(justCreated) && Files.exists(held) && Files.exists(otherTarget));
        assertArrayEquals(new byte[] {5}, Files.readAllBytes(file));
    }

    @Test
    void aBodyThatFailsLeavesTheOldFileAndNoTemporaryFile() throws IOException {
        Path file = dir.resolve("take.mid");
        Files.write(file, new byte[] {9});
        EngineException e = assertThrows(EngineException.class, () -> AtomicFiles.write(file, "MIDI file", out -> {
            out.write(new byte[] {1, 2});
            throw new IOException("No space left on device");
        }));
        assertEquals("cannot write MIDI file " + file + " (IOException: No space left on device): check the folder's"
                + " permissions and free space; an older file there is unchanged", e.getMessage());
        assertArrayEquals(new byte[] {9}, Files.readAllBytes(file));
        try (var files = Files.list(dir)) {
            assertEquals(List.of(file), files.toList());
        }
    }

    @Test
    void theBodysOwnErrorIsPassedOnAsItIs() {
        Path file = dir.resolve("p.cadenza");
        EngineException e = assertThrows(EngineException.class,
                () -> AtomicFiles.write(file, "preset", out -> {
                    throw new EngineException("cannot write preset " + file + ": its manifest is bad");
                }));
        assertEquals("cannot write preset " + file + ": its manifest is bad", e.getMessage());
        assertTrue(Files.notExists(file));
    }
}
