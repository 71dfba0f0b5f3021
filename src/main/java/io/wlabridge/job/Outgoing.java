package io.wlabridge.job;

import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * One record ready for Kafka: what the producer sends and the event id the sent ledger knows it by.
 *
 * @param jobId   the job it belongs to
 * @param eventId the event's id (idColumns joined); null for a dead letter, which is not an event the ledger records
 * @param record  topic, key, headers and the serialised value
 */
public record Outgoing(String jobId, String eventId, ProducerRecord<String, byte[]> record) {

    public boolean deadLetter() {
        return eventId == null;
    }
}
