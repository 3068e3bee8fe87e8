package dev.cadenza.cli;

/** A subcommand whose capability has not landed yet says so plainly, with exit status 3. */
final class NotAvailableException extends RuntimeException {
    NotAvailableException(String what) {
        super(what + " is not available yet in this version of Cadenza");
    }
}
