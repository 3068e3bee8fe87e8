package dev.cadenza.bridge.keyboard;

import dev.cadenza.bridge.BridgeException;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** How the model plays with a musician ({@code cadenza play --mode}). */
public enum PlayMode {
    /** No input: free improvisation. */
    SOLO,
    /** The player plays a phrase; when they stop, the model continues it for a set number of bars. */
    CONTINUE,
    /** Turn taking: the model answers each call, for as long as the call (or a set length). */
    CALL_RESPONSE,
    /** While the player plays, the model fills the other voices around the played notes. */
    ACCOMPANY;

    /** The name on the command line: lower case, words joined by '-'. */
    public String key() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static PlayMode parse(String text) {
        String wanted = text.trim().toLowerCase(Locale.ROOT).replace('_', '-');
        for (PlayMode m : values()) {
            if (m.key().equals(wanted)) {
                return m;
            }
        }
        throw new BridgeException("unknown mode: '" + text + "' (expected one of "
                + Arrays.stream(values()).map(PlayMode::key).collect(Collectors.joining(", ")) + ")");
    }
}
