package io.wlabridge.provision;

import org.apache.avro.Schema;

import io.wlabridge.job.JobDefinition;
import io.wlabridge.job.TopicSpec;

/** What one job declares: its topic with settings, and its schema under its registry subject. */
public record Declared(String jobId, String topic, TopicSpec spec, String subject, Schema schema) {

    public static Declared of(JobDefinition job, String subject) {
        return new Declared(job.jobId(), job.topic(), job.topicSpec(), subject, job.schema());
    }
}
