package dev.cadenza.engine;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
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
 * temporary file behind.
 */
public final class AtomicFiles {

    /** The body of a file, written to a stream. */
    @FunctionalInterface
    public interface Body {
        void writeTo(OutputStream out) throws IOException;
    }

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
            temporary = createTemporary(folder, target.getFileName().toString());
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
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
