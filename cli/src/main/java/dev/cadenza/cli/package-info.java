/**
 * The {@code cadenza} command line (picocli): one subcommand per job, one-line errors with a
 * non-zero exit status, packaged by the shade plugin as {@code cli/target/cadenza.jar}.
 */
package dev.cadenza.cli;
