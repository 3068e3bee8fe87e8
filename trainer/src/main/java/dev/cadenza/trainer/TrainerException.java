package dev.cadenza.trainer;

/**
 * The trainer's one domain exception: a missing dataset, a bad option, a checkpoint that does not
 * fit. The message is one line that names the thing and what to do; the cause is always chained.
 */
public class TrainerException extends RuntimeException {
    public TrainerException(String message) {
        super(message);
    }

    public TrainerException(String message, Throwable cause) {
        super(message, cause);
    }
}
