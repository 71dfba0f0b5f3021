package io.wlabridge.config;

import java.util.List;

/** Every {@code wla.*} setting of the bridge, by concern. application.properties and README list the same keys. */
public final class WlaOptions {

    private WlaOptions() {
    }

    // --- datasource: the job database (source rows) and the bridge's own tables (sent records, runs)
    public static final ConfigOption DATASOURCE_URL = ConfigOption.required("wla.datasource.url",
            "JDBC URL of the job database, e.g. jdbc:postgresql://db:5432/framework or jdbc:h2:file:./data/wla");
    public static final ConfigOption DATASOURCE_USERNAME = ConfigOption.optional("wla.datasource.username", "",
            "Database user");
    public static final ConfigOption DATASOURCE_PASSWORD = ConfigOption.secret("wla.datasource.password", "",
            "Database password; give it as {{env:...}}, {{azure:...}} or in the environment, never in the file");
    public static final ConfigOption DATASOURCE_POOL_SIZE = ConfigOption.optional("wla.datasource.pool-size", "5",
            "Maximum connections in the HikariCP pool");
    public static final ConfigOption DATASOURCE_CONNECTION_TIMEOUT_MS = ConfigOption.optional(
            "wla.datasource.connection-timeout-ms", "30000",
            "How long in ms a step waits for a database connection before the run fails (rides out short outages)");
    public static final ConfigOption DATASOURCE_FETCH_SIZE = ConfigOption.optional("wla.datasource.fetch-size", "1000",
            "Rows fetched per round trip while streaming a job's result set");

    // --- kafka
    public static final ConfigOption KAFKA_BOOTSTRAP_SERVERS = ConfigOption.required("wla.kafka.bootstrap-servers",
            "Kafka bootstrap servers, host:port[,host:port]");
    public static final ConfigOption KAFKA_DELIVERY_TIMEOUT_MS = ConfigOption.optional("wla.kafka.delivery-timeout-ms",
            "120000", "Upper bound in ms for a record to be acknowledged, retries included (Kafka's delivery.timeout.ms)");
    public static final ConfigOption KAFKA_MAX_BLOCK_MS = ConfigOption.optional("wla.kafka.max-block-ms", "60000",
            "How long in ms a send may wait for cluster metadata when Kafka is unreachable (Kafka's max.block.ms)");
    public static final ConfigOption KAFKA_LINGER_MS = ConfigOption.optional("wla.kafka.linger-ms", "5",
            "How long in ms the producer waits to fill a batch (Kafka's linger.ms)");
    public static final ConfigOption KAFKA_BATCH_SIZE = ConfigOption.optional("wla.kafka.batch-size", "65536",
            "Producer batch size in bytes per partition (Kafka's batch.size)");

    // --- registry
    public static final ConfigOption REGISTRY_URL = ConfigOption.required("wla.registry.url",
            "Schema Registry base URL(s), comma-separated, e.g. https://psrc-xxxx.westeurope.azure.confluent.cloud");
    public static final ConfigOption REGISTRY_AUTO_REGISTER = ConfigOption.optional("wla.registry.auto-register", "true",
            "Register a job's schema under its subject when missing (false: look it up, fail the run if absent)");
    public static final ConfigOption REGISTRY_SUBJECT_STRATEGY = ConfigOption.optional("wla.registry.subject-name-strategy",
            "TopicNameStrategy", "How subjects are named: TopicNameStrategy, RecordNameStrategy or TopicRecordNameStrategy");
    public static final ConfigOption REGISTRY_TIMEOUT_MS = ConfigOption.optional("wla.registry.timeout-ms", "10000",
            "Connect and request timeout in ms for registry calls");
    public static final ConfigOption REGISTRY_RETRIES = ConfigOption.optional("wla.registry.retries", "3",
            "Retries of a registry call on 408/429/5xx and network errors");

    // --- jobs
    public static final ConfigOption JOB_SCHEMAS_DIR = ConfigOption.optional("wla.job.schemas-dir", "schemas",
            "Folder of the Avro schemas (<RecordName>.avsc) jobs name");
    public static final ConfigOption JOB_CHUNK_SIZE = ConfigOption.optional("wla.job.chunk-size", "1000",
            "Records produced and recorded as sent per batch (one database transaction each)");
    public static final ConfigOption JOB_ZONE = ConfigOption.optional("wla.job.time-zone", "Europe/Berlin",
            "Time zone of the run date jobs see as ${exchangeProperty.wlaRunDate}, and default of each job's cron");

    // --- escalation
    public static final ConfigOption ESCALATION_TOPIC = ConfigOption.optional("wla.escalation.topic", "wla.escalations",
            "Topic that receives one JSON escalation event per failed run");

    // --- http: health and metrics (service only)
    public static final ConfigOption HTTP_PORT = ConfigOption.optional("wla.http.port", "8080",
            "Port of the HTTP server of the service: /observe/health (liveness and readiness) and /observe/metrics (Prometheus)");

    public static final List<ConfigOption> ALL = List.of(
            DATASOURCE_URL, DATASOURCE_USERNAME, DATASOURCE_PASSWORD, DATASOURCE_POOL_SIZE, DATASOURCE_CONNECTION_TIMEOUT_MS,
            DATASOURCE_FETCH_SIZE,
            KAFKA_BOOTSTRAP_SERVERS, KAFKA_DELIVERY_TIMEOUT_MS, KAFKA_MAX_BLOCK_MS, KAFKA_LINGER_MS, KAFKA_BATCH_SIZE,
            REGISTRY_URL, REGISTRY_AUTO_REGISTER, REGISTRY_SUBJECT_STRATEGY, REGISTRY_TIMEOUT_MS, REGISTRY_RETRIES,
            JOB_SCHEMAS_DIR, JOB_CHUNK_SIZE, JOB_ZONE,
            ESCALATION_TOPIC,
            HTTP_PORT);
}
