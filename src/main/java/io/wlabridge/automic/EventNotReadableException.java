package io.wlabridge.automic;

/** The event's value is neither JSON nor Avro in Confluent wire format of a known schema: it is dead-lettered. */
public class EventNotReadableException extends RuntimeException {

    public EventNotReadableException(String message) {
        super(message);
    }

    public EventNotReadableException(String message, Throwable cause) {
        super(message, cause);
    }
}
