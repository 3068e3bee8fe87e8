package dev.cadenza.bridge.control;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import org.jline.terminal.Attributes;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

/**
 * Live controls from the keyboard of the terminal that runs {@code cadenza play}. One key each
 * (no Enter needed: the terminal is put in character mode through JLine, on Linux, macOS and
 * Windows alike; where it cannot be, a line of keys followed by Enter):
 *
 * <pre>
 *   +  -   temperature up / down (×1.15)
 *   ]  [   density up / down (±0.5)
 *   .  ,   Gibbs steps up / down (±5)
 *   t  T   tempo up / down (±2 BPM; with Link, proposed to the session)
 *   k  K   key up / down a semitone (the scale moves with it)
 *   s  S   next / previous scale (major, minor, ..., chromatic: every note)
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
    public static final String HELP = "keys: +/- temperature, ]/[ density, ./, Gibbs steps, t/T tempo, k/K key, s/S scale, m mute, r restart, "
            + "p panic, e end call, l loop, n re-roll, q quit, ? help";

    private final LiveControls live;
    private final InputStream in;
    private final PrintStream out;
    private final Thread thread;
    private Terminal terminal;
    private Attributes saved;

    public TerminalKeys(LiveControls live, InputStream in, PrintStream out) {
        this.live = live;
        this.in = in;
        this.out = out;
        this.thread = new Thread(this::readLoop, "cadenza-keys");
        this.thread.setDaemon(true);
    }

    /**
     * With {@code rawTerminal}, puts the process's terminal in character mode (no line editing, no
     * echo; output as before) and reads its keys; otherwise reads {@code in}. Starts reading.
     */
    public TerminalKeys start(boolean rawTerminal) {
        if (rawTerminal) {
            try {
                terminal = TerminalBuilder.builder().system(true).build();
                saved = terminal.getAttributes();
                Attributes keys = new Attributes(saved);
                keys.setLocalFlag(Attributes.LocalFlag.ICANON, false);
                keys.setLocalFlag(Attributes.LocalFlag.ECHO, false);
                keys.setControlChar(Attributes.ControlChar.VMIN, 1);
                keys.setControlChar(Attributes.ControlChar.VTIME, 0);
                terminal.setAttributes(keys);
            } catch (IOException | RuntimeException e) {
                terminal = null; // no terminal to put in character mode: keys then come a line at a time
            }
        }
        thread.start();
        return this;
    }

    private void readLoop() {
        try {
            int c;
            while ((c = terminal != null ? terminal.reader().read() : in.read()) >= 0) {
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
            case 't', 'T' -> {
                if (!live.tempo(live.tempo() + (c == 't' ? 2 : -2))) {
                    return LiveControls.TEMPO_NOT_OURS;
                }
            }
            case 'k' -> live.scale(live.scale().transposed(1));
            case 'K' -> live.scale(live.scale().transposed(-1));
            case 's' -> live.scale(live.scale().nextMode(1));
            case 'S' -> live.scale(live.scale().nextMode(-1));
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

    /** Restores the terminal's mode. */
    @Override
    public void close() {
        if (terminal != null) {
            try {
                terminal.setAttributes(saved);
                terminal.close();
            } catch (IOException | RuntimeException e) {
                // the terminal went away: nothing to restore
            }
            terminal = null;
        }
    }
}
