package dev.cadenza.bridge.rtpmidi.wire;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The commands of Apple's session protocol, each a two-letter ASCII code after the {@code FF FF}
 * signature.
 */
public enum AppleMidiCommand {
    /** {@code IN}: a participant invites this one, on the control port then on the data port. */
    INVITATION('I', 'N'),
    /** {@code OK}: the invitation is accepted. */
    INVITATION_ACCEPTED('O', 'K'),
    /** {@code NO}: the invitation is rejected. */
    INVITATION_REJECTED('N', 'O'),
    /** {@code BY}: the session ends. */
    END_SESSION('B', 'Y'),
    /** {@code CK}: clock synchronisation, three timestamps in three messages. */
    CLOCK_SYNC('C', 'K'),
    /** {@code RS}: receiver feedback, the last sequence number received. */
    RECEIVER_FEEDBACK('R', 'S');

    private static final AppleMidiCommand[] BY_FIRST_LETTER = new AppleMidiCommand[128];

    static {
        for (AppleMidiCommand command : values()) {
            // the six first letters are distinct, so one letter finds the candidate
            BY_FIRST_LETTER[command.code >>> 8] = command;
        }
    }

    private final int code;

    AppleMidiCommand(char first, char second) {
        this.code = (first << 8) | second;
    }

    /** The 16-bit code on the wire, e.g. {@code 0x494E} for {@code IN}. */
    public int code() {
        return code;
    }

    /**
     * The command with this wire code.
     *
     * @throws UnknownCommandException naming the code when no command has it
     */
    public static AppleMidiCommand valueOf(int code) {
        int first = code >>> 8;
        if (first < BY_FIRST_LETTER.length) {
            AppleMidiCommand candidate = BY_FIRST_LETTER[first];
            if (candidate != null && candidate.code == code) {
                return candidate;
            }
        }
        throw new UnknownCommandException(code);
    }

    static String knownCodes() {
        return Arrays.stream(values())
                .map(c -> "" + (char) (c.code >>> 8) + (char) (c.code & 0xFF))
                .collect(Collectors.joining(", "));
    }
}
