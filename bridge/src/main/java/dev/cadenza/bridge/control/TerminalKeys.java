package dev.cadenza.bridge.control;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.Locale;

/**
 * Live controls from the keyboard of the terminal that runs {@code cadenza play}. One key each
 * (no Enter needed where the terminal can be put in character mode with {@code stty}; otherwise a
 * line of keys followed by Enter):
 *
 * <pre>
 *   +  -   temperature up / down (×1.15)
 *   ]  [   density up / down (±0.5)
 *   .  ,   Gibbs steps up / down (±5)
 *   m      mute / unmute
 *   r      restart the model (new seed)
 *   p      panic: silence every note now
 *   e      end the call now (keyboard modes: answer at once)
 *   l      loop the last answer / stop looping
 *   n      a new answer to the last call (re-roll)
 *   q      stop and save the recording
 *   ?      show the keys
 * </pre>
 *
 * <p>Runs its own daemon thread reading {@code in}; {@link #close} restores the terminal.
 */
public final class TerminalKeys implements AutoCloseable {
    public static final String HELP = "keys: +/- temperature, ]/[ density, ./, Gibbs steps, m mute, r restart, "
            + "p panic, e end call, l loop, n re-roll, q quit, ? help";

    private final LiveControls live;
    private final InputStream in;
    private final PrintStream out;
    private final Thread thread;
    private String savedStty;

    public TerminalKeys(LiveControls live, InputStream in, PrintStream out) {
        this.live = live;
        this.in = in;
        this.out = out;
        this.thread = new Thread(this::readLoop, "cadenza-keys");
        this.thread.setDaemon(true);
    }

    /** Puts the terminal in character mode where it can (a real terminal, not Windows) and starts reading. */
    public TerminalKeys start(boolean rawTerminal) {
        if (rawTerminal) {
            savedStty = stty("-g");
            if (savedStty != null) {
                stty("-icanon min 1 -echo");
            }
        }
        thread.start();
        return this;
    }

    private void readLoop() {
        try {
            int c;
            while ((c = in.read()) >= 0) {
                String said = key((char) c);
                if (said != null) {
                    out.println("\r" + said);
                }
            }
        } catch (IOException e) {
            // the terminal went away: no more keys
        }
    }

    /** Applies one key; returns a line to show, or null. Any thread. */
    public String key(char c) {
        switch (c) {
            case '+', '=' -> live.temperature(live.temperature() * 1.15);
            case '-', '_' -> live.temperature(live.temperature() / 1.15);
            case ']' -> live.density(live.density() + 0.5);
            case '[' -> live.density(live.density() - 0.5);
            case '.', '>' -> live.gibbsSteps(live.gibbsSteps() + 5);
            case ',', '<' -> live.gibbsSteps(live.gibbsSteps() - 5);
            case 'm', 'M' -> live.toggleMute();
            case 'r', 'R' -> {
                live.restart();
                return "restart";
            }
            case 'p', 'P' -> {
                live.panic();
                return "panic: all notes off";
            }
            case 'e', 'E' -> {
                live.endCall();
                return "end of call";
            }
            case 'l', 'L' -> {
                live.toggleLoop();
                return live.looping() ? "looping the last answer" : "loop off";
            }
            case 'n', 'N' -> {
                live.reroll();
                return "a new answer";
            }
            case 'q', 'Q' -> {
                live.quit();
                return "stopping";
            }
            case '?', 'h', 'H' -> {
                return HELP;
            }
            default -> {
                return null;
            }
        }
        return live.toString();
    }

    private static String stty(String args) {
        if (System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("win")) {
            return null;
        }
        try {
            Process p = new ProcessBuilder("sh", "-c", "stty " + args + " < /dev/tty")
                    .redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes()).trim();
            return p.waitFor() == 0 ? output : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** Restores the terminal's mode. */
    @Override
    public void close() {
        if (savedStty != null) {
            stty(savedStty);
            savedStty = null;
        }
    }
}
