package dev.cadenza.bridge;

/**
 * The bridge's one domain exception: a port that cannot be found or opened, a bad option, a bad
 * control mapping, a recording that cannot be written. The message is one line a person
 * understands: it names the thing and says what was expected or what to do. The cause, where there
 * is one, is always chained.
 */
public class BridgeException extends RuntimeException {
    public BridgeException(String message) {
        super(message);
    }

    public BridgeException(String message, Throwable cause) {
        super(message, cause);
    }
}
