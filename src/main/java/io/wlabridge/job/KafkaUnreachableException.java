package io.wlabridge.job;

/** Kafka did not answer in time (brokers down or unreachable): a run spools its records instead of failing at once. */
public final class KafkaUnreachableException extends RuntimeException {

    public KafkaUnreachableException(String message, Throwable cause) {
        super(message, cause);
    }
}
