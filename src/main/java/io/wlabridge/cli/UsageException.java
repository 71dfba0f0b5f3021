package io.wlabridge.cli;

/** The command line is wrong; the message says how to call it. */
public class UsageException extends RuntimeException {

    public UsageException(String message) {
        super(message);
    }
}
