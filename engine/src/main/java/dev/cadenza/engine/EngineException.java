package dev.cadenza.engine;

/**
 * The engine's one domain exception: a bad file, a bad preset, a bad value. The message is one line
 * a person understands: it names the thing (a file, a value) and says what was expected or what
 * to do. The cause, where there is one, is always chained.
 */
public class EngineException extends RuntimeException {
    public EngineException(String message) {
        super(message);
    }

    public EngineException(String message, Throwable cause) {
        super(message, cause);
    }
}
