package dev.cadenza.engine;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The one way the product writes a file (presets, MIDI files, pictures): whole or not at all. The
 * body goes into a hidden temporary file beside the target, created with the default permissions
 * (as any file the user makes), forced to the disk, then renamed over the target, and the rename
 * made durable where the OS allows. A failed write leaves an existing file untouched and no
 * temporary file behind; one that a killed process left (its writer's lock gone) is removed by the
 * next write to the same target.
 */
public final class AtomicFiles {

    /** The body of a file, written to a stream. */
    @FunctionalInterface
    public interface Body {
        void writeTo(OutputStream out) throws IOException;
    }

    /** How old a temporary file must be before another start may take it for a killed writer's. */
    static final long LEFTOVER_AGE_MILLIS = 10_000;

    private AtomicFiles() {
    }

    /**
     * Writes {@code file} from {@code body}. On failure throws an {@link EngineException}: the
     * body's own where it throws one (its message names the file), else {@code cannot write WHAT
     * FILE (reason): check the folder's permissions and free space; an older file there is
     * unchanged}, the cause chained.
     */
    public static void write(Path file, String what, Body body) {
        Path target = file.toAbsolutePath();
        Path folder = target.getParent();
        Path temporary = null;
        try {
            Files.createDirectories(folder);
            removeLeftovers(folder, target.getFileName().toString());
            temporary = createTemporary(folder, target.getFileName().toString());
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE);
                    FileLock held = channel.lock()) { // while it is held, no other start takes this file for a leftover
                OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16);
                body.writeTo(out);
                out.flush();
                channel.force(true);
            }
            try {
                Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
            }
            temporary = null;
            syncFolder(folder);
        } catch (EngineException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new EngineException("cannot write " + what + " " + file + " (" + describe(e)
                    + "): check the folder's permissions and free space; an older file there is unchanged", e);
        } finally {
            if (temporary != null) {
                try {
                    Files.deleteIfExists(temporary);
                } catch (IOException ignored) {
                    // the write has failed already and says so; a stray hidden file is the lesser harm
                }
            }
        }
    }

    /**
     * Removes the temporary files of {@code targetName} that a killed writer left in {@code folder}:
     * those no process holds a lock on, and older than {@link #LEFTOVER_AGE_MILLIS} (a file just
     * created is locked a moment later). Returns how many.
     */
    static int removeLeftovers(Path folder, String targetName) {
        String prefix = "." + targetName + ".";
        int removed = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(folder, p -> {
            String name = p.getFileName().toString();
            return name.startsWith(prefix) && name.endsWith(".tmp") && name.length() > prefix.length() + 4;
        })) {
            for (Path leftover : files) {
                if (System.currentTimeMillis() - Files.getLastModifiedTime(leftover).toMillis() < LEFTOVER_AGE_MILLIS) {
                    continue;
                }
                try (FileChannel channel = FileChannel.open(leftover, StandardOpenOption.WRITE);
                        FileLock lock = channel.tryLock()) {
                    if (lock != null) {
                        Files.delete(leftover);
                        removed++;
                    }
                } catch (OverlappingFileLockException e) {
                    // this JVM is writing it now
                }
            }
        } catch (IOException e) {
            // best effort: a leftover stays hidden and harmless until a later start
        }
        return removed;
    }

    /** The temporary file: hidden, beside the target, with the default permissions (unlike createTempFile's 0600). */
    private static Path createTemporary(Path folder, String targetName) throws IOException {
        for (int attempt = 0; ; attempt++) {
            Path temporary = folder.resolve("." + targetName + "."
                    + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".tmp");
            try {
                Files.newByteChannel(temporary, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE).close();
                return temporary;
            } catch (FileAlreadyExistsException e) {
                if (attempt == 10) {
                    throw e;
                }
            }
        }
    }

    /** Makes the rename itself durable where the OS allows opening a folder (not on Windows). */
    private static void syncFolder(Path folder) {
        try (FileChannel channel = FileChannel.open(folder, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // the file is complete and in place; only its survival of a power cut is less certain
        }
    }

    /** A cause in one line: its type, and its message where it has one. */
    public static String describe(Throwable e) {
        Throwable shown = e instanceof UncheckedIOException && e.getCause() != null ? e.getCause() : e;
        String message = shown.getMessage();
        String name = shown.getClass().getSimpleName();
        return message == null || message.isBlank() ? name : name + ": " + message.replaceAll("\\s*\\R\\s*", " ").trim();
    }
}
