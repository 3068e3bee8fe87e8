package dev.cadenza.bridge.stream;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Puts one thread of this JVM under the real-time scheduling policy SCHED_FIFO on Linux, so that
 * it runs as soon as it wakes however busy the cores are (Java itself cannot: thread priorities
 * are ignored on Linux by default, and a niceness of -5 barely helps the kernel's fair
 * scheduler). It finds the thread's kernel id by its name in {@code /proc/self/task/*}/comm and
 * runs {@code chrt -f -p PRIORITY TID} (util-linux). That needs root, CAP_SYS_NICE, or an rtprio
 * limit (e.g. {@code @audio - rtprio 95} in /etc/security/limits.conf, as for JACK). On other
 * systems it does nothing (their schedulers favour a thread that mostly sleeps well enough, and
 * Java offers no portable way); without the right on Linux it does nothing and says why.
 *
 * <p>Control thread only; it starts a process.
 */
public final class RealtimePriority {
    private RealtimePriority() {
    }

    /**
     * Raises the thread named {@code threadName} (at most 15 characters: the kernel's limit) to
     * SCHED_FIFO at {@code priority} (1..99). Returns null when done (or not applicable: not
     * Linux), else the reason it could not.
     */
    public static String raise(String threadName, int priority) {
        if (!System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux")) {
            return null;
        }
        String tid = findThread(threadName);
        if (tid == null) {
            return "thread " + threadName + " not found in /proc/self/task";
        }
        return raiseThreadId(tid, priority);
    }

    /**
     * Raises the thread of the operating system's id {@code tid} (Linux: as {@code /proc/thread-self}
     * names it, {@link #currentThreadId}) to SCHED_FIFO at {@code priority}. Returns null when done
     * (or not Linux), else the reason it could not, also when {@code tid} is null (no id to read).
     */
    public static String raiseThreadId(String tid, int priority) {
        if (!System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux")) {
            return null;
        }
        if (tid == null) {
            return "the thread's id cannot be read (no /proc/thread-self)";
        }
        try {
            Process p = new ProcessBuilder("chrt", "-f", "-p", Integer.toString(priority), tid)
                    .redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            int status = p.waitFor();
            return status == 0 ? null : "chrt failed (" + output.replace('\n', ' ')
                    + "); run as root or allow real-time priority (rtprio in /etc/security/limits.conf)";
        } catch (IOException e) {
            return "chrt is not available (" + e.getMessage() + "); install util-linux";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    /** The operating system's id of the calling thread (Linux), or null where there is none to read. */
    public static String currentThreadId() {
        try {
            return Files.readSymbolicLink(Path.of("/proc/thread-self")).getFileName().toString();
        } catch (IOException | UnsupportedOperationException e) {
            return null;
        }
    }

    private static String findThread(String threadName) {
        Path tasks = Path.of("/proc/self/task");
        try (Stream<Path> list = Files.list(tasks)) {
            for (Path task : (Iterable<Path>) list::iterator) {
                try {
                    if (Files.readString(task.resolve("comm")).trim().equals(threadName)) {
                        return task.getFileName().toString();
                    }
                } catch (IOException e) {
                    // the thread ended meanwhile
                }
            }
        } catch (IOException e) {
            return null;
        }
        return null;
    }
}
