package io.wlabridge.config;

import java.util.List;
import java.util.Properties;

/** Every {@code wla.*} setting of the bridge, by concern. application.properties and docs/configuration.md list the same keys. */
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
    public static final ConfigOption DRIVERS_DIR = ConfigOption.optional("wla.drivers.dir", "",
            "Folder of JDBC driver jars loaded at start, for databases whose driver the jar does not bundle (it bundles PostgreSQL and H2); empty: drivers/ beside the configuration file");

    // --- sources: databases jobs read (job parameter source), apart from the bridge's own tables in wla.datasource.
    // A family: one set of keys per source name, wla.source.<name>.*; declared here once as patterns (SOURCE_FAMILY),
    // made concrete with source(option, name). See docs/databases.md.
    /** The part of a source's keys that the name replaces. */
    public static final String SOURCE_NAME = "<name>";
    public static final ConfigOption SOURCE_URL = ConfigOption.required("wla.source.<name>.url",
            "JDBC URL of source <name>, which jobs read with parameter source: <name>, e.g. jdbc:oracle:thin:@//db:1521/FRAMEWORK");
    public static final ConfigOption SOURCE_USERNAME = ConfigOption.optional("wla.source.<name>.username", "",
            "Database user of source <name>, best a read-only account");
    public static final ConfigOption SOURCE_PASSWORD = ConfigOption.secret("wla.source.<name>.password", "",
            "Password of source <name>; give it as {{env:...}} or {{azure:...}} (rotated live like wla.datasource.password)");
    public static final ConfigOption SOURCE_POOL_SIZE = ConfigOption.optional("wla.source.<name>.pool-size", "5",
            "Maximum connections in source <name>'s own HikariCP pool (one per job reading it at the same time)");
    public static final ConfigOption SOURCE_FETCH_SIZE = ConfigOption.optional("wla.source.<name>.fetch-size", "",
            "Rows fetched per round trip from source <name>; empty: wla.datasource.fetch-size");
    public static final ConfigOption SOURCE_READ_ONLY = ConfigOption.optional("wla.source.<name>.read-only", "true",
            "Open source <name>'s connections read-only: a job's query that writes fails (false: leave it to the account's rights)");
    /** The keys of one source, as patterns. */
    public static final List<ConfigOption> SOURCE_FAMILY = List.of(SOURCE_URL, SOURCE_USERNAME, SOURCE_PASSWORD,
            SOURCE_POOL_SIZE, SOURCE_FETCH_SIZE, SOURCE_READ_ONLY);
    /** The value of a job's parameter source that reads the bridge's own database (the default). */
    public static final String STATE_SOURCE = "wla.datasource";

    /** A source family option made concrete for source {@code name}: wla.source.framework.url. */
    public static ConfigOption source(ConfigOption pattern, String name) {
        return new ConfigOption(pattern.name().replace(SOURCE_NAME, name), pattern.doc().replace(SOURCE_NAME, name),
                pattern.defaultValue(), pattern.secret());
    }

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
    public static final ConfigOption KAFKA_ACKS = ConfigOption.optional("wla.kafka.acks", "all",
            "Acknowledgements the producer waits for: all (every in-sync replica; idempotent), 1 (the leader) or 0 (none); 1 and 0 switch idempotence off");
    public static final ConfigOption KAFKA_COMPRESSION = ConfigOption.optional("wla.kafka.compression", "auto",
            "Compression of produced batches: auto (lz4; none on Azure Event Hubs, which accepts gzip only), none, gzip,"
                    + " snappy, lz4 or zstd");
    public static final ConfigOption KAFKA_MAX_REQUEST_SIZE = ConfigOption.optional("wla.kafka.max-request-size", "1048576",
            "Largest produce request in bytes, and so the largest batch of records sent at once (Kafka's max.request.size; Event Hubs allows 1 MB)");

    // --- kafka security: one connection, shared by every job
    public static final ConfigOption KAFKA_SECURITY_PROTOCOL = ConfigOption.optional("wla.kafka.security-protocol",
            "PLAINTEXT", "How clients talk to the brokers: PLAINTEXT, SSL, SASL_PLAINTEXT or SASL_SSL");
    public static final ConfigOption KAFKA_SASL_MECHANISM = ConfigOption.optional("wla.kafka.sasl-mechanism", "",
            "SASL mechanism with SASL_PLAINTEXT or SASL_SSL: PLAIN, SCRAM-SHA-256, SCRAM-SHA-512 or OAUTHBEARER");
    public static final ConfigOption KAFKA_SASL_USERNAME = ConfigOption.optional("wla.kafka.sasl-username", "",
            "User for PLAIN and SCRAM (Confluent Cloud: the API key; Event Hubs: $ConnectionString)");
    public static final ConfigOption KAFKA_SASL_PASSWORD = ConfigOption.secret("wla.kafka.sasl-password", "",
            "Password for PLAIN and SCRAM (Confluent Cloud: the API secret; Event Hubs: the connection string); give it through the environment");
    public static final ConfigOption KAFKA_SSL_TRUSTSTORE_LOCATION = ConfigOption.optional(
            "wla.kafka.ssl-truststore-location", "",
            "Truststore file (JKS, PKCS12) or PEM CA file the brokers' certificates are checked against (empty: the JVM's default trust)");
    public static final ConfigOption KAFKA_SSL_TRUSTSTORE_PASSWORD = ConfigOption.secret(
            "wla.kafka.ssl-truststore-password", "", "Password of the truststore (none for PEM)");
    public static final ConfigOption KAFKA_SSL_TRUSTSTORE_TYPE = ConfigOption.optional("wla.kafka.ssl-truststore-type",
            "JKS", "Type of the truststore file: JKS, PKCS12 or PEM");
    public static final ConfigOption KAFKA_SSL_KEYSTORE_LOCATION = ConfigOption.optional(
            "wla.kafka.ssl-keystore-location", "", "Client keystore for mutual TLS (empty: no client certificate)");
    public static final ConfigOption KAFKA_SSL_KEYSTORE_PASSWORD = ConfigOption.secret(
            "wla.kafka.ssl-keystore-password", "", "Password of the client keystore");
    public static final ConfigOption KAFKA_SSL_KEYSTORE_TYPE = ConfigOption.optional("wla.kafka.ssl-keystore-type",
            "JKS", "Type of the client keystore: JKS, PKCS12 or PEM");
    public static final ConfigOption KAFKA_SSL_KEY_PASSWORD = ConfigOption.secret("wla.kafka.ssl-key-password", "",
            "Password of the private key in the client keystore, when it differs from the keystore's");

    // --- kafka OAUTHBEARER through Entra ID (msal4j)
    public static final ConfigOption KAFKA_OAUTH_AUTHORITY = ConfigOption.optional("wla.kafka.oauth.authority", "",
            "Token issuer (empty: https://login.microsoftonline.com/<tenant-id>); an Entra ID login host of a sovereign cloud, or any other https OpenID Connect issuer (e.g. Keycloak's https://<host>/realms/<realm>), whose discovery document names the token endpoint");
    public static final ConfigOption KAFKA_OAUTH_TENANT_ID = ConfigOption.optional("wla.kafka.oauth.tenant-id", "",
            "Entra ID tenant (directory) id");
    public static final ConfigOption KAFKA_OAUTH_CLIENT_ID = ConfigOption.optional("wla.kafka.oauth.client-id", "",
            "Application (client) id of the service principal");
    public static final ConfigOption KAFKA_OAUTH_CLIENT_SECRET = ConfigOption.secret("wla.kafka.oauth.client-secret", "",
            "Client secret of the service principal; give it through the environment");
    public static final ConfigOption KAFKA_OAUTH_CERTIFICATE_PATH = ConfigOption.optional(
            "wla.kafka.oauth.certificate-path", "",
            "Client certificate instead of a secret: a PEM file (private key and certificate) or a PFX/PKCS12 file");
    public static final ConfigOption KAFKA_OAUTH_CERTIFICATE_PASSWORD = ConfigOption.secret(
            "wla.kafka.oauth.certificate-password", "", "Password of the PFX file (none for PEM)");
    public static final ConfigOption KAFKA_OAUTH_MANAGED_IDENTITY = ConfigOption.optional(
            "wla.kafka.oauth.managed-identity", "false",
            "Get tokens as the host's managed identity (Azure VM, App Service, Azure Arc) instead of a service principal");
    public static final ConfigOption KAFKA_OAUTH_MANAGED_IDENTITY_CLIENT_ID = ConfigOption.optional(
            "wla.kafka.oauth.managed-identity-client-id", "",
            "Client id of a user-assigned managed identity (empty: the system-assigned one)");
    public static final ConfigOption KAFKA_OAUTH_SCOPE = ConfigOption.optional("wla.kafka.oauth.scope", "",
            "Token scope, e.g. api://<app-id>/.default (Confluent Cloud) or https://<namespace>.servicebus.windows.net/.default (Event Hubs)");
    public static final ConfigOption KAFKA_OAUTH_LOGICAL_CLUSTER = ConfigOption.optional(
            "wla.kafka.oauth.logical-cluster", "", "Confluent Cloud cluster id (lkc-...), sent as SASL extension logicalCluster");
    public static final ConfigOption KAFKA_OAUTH_IDENTITY_POOL_ID = ConfigOption.optional(
            "wla.kafka.oauth.identity-pool-id", "", "Confluent Cloud identity pool id (pool-...), sent as SASL extension identityPoolId");
    public static final ConfigOption KAFKA_OAUTH_TRUSTSTORE_LOCATION = ConfigOption.optional(
            "wla.kafka.oauth.ssl-truststore-location", "",
            "Truststore file (JKS, PKCS12) or PEM CA file for the token issuer's HTTPS (empty: the JVM's default trust)");
    public static final ConfigOption KAFKA_OAUTH_TRUSTSTORE_PASSWORD = ConfigOption.secret(
            "wla.kafka.oauth.ssl-truststore-password", "", "Password of the token issuer's truststore (none for PEM)");
    public static final ConfigOption KAFKA_OAUTH_TRUSTSTORE_TYPE = ConfigOption.optional(
            "wla.kafka.oauth.ssl-truststore-type", "JKS", "Type of the token issuer's truststore file: JKS, PKCS12 or PEM");

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

    // --- registry authentication and TLS (docs/contracts/schema-registry.md §9)
    public static final ConfigOption REGISTRY_AUTH = ConfigOption.optional("wla.registry.auth", "none",
            "How the bridge authenticates to the registry: none, basic (user and password) or bearer (a token)");
    public static final ConfigOption REGISTRY_BASIC_USER = ConfigOption.optional("wla.registry.basic-user", "",
            "User for basic auth (Confluent Cloud: the Schema Registry API key)");
    public static final ConfigOption REGISTRY_BASIC_PASSWORD = ConfigOption.secret("wla.registry.basic-password", "",
            "Password for basic auth (Confluent Cloud: the API secret); give it through the environment");
    public static final ConfigOption REGISTRY_BEARER_SOURCE = ConfigOption.optional("wla.registry.bearer-source", "oauth",
            "Where bearer tokens come from: oauth (the wla.kafka.oauth.* identity through msal4j, with wla.registry.bearer-scope) or static (wla.registry.bearer-token)");
    public static final ConfigOption REGISTRY_BEARER_SCOPE = ConfigOption.optional("wla.registry.bearer-scope", "",
            "Token scope for the registry with bearer-source oauth (empty: wla.kafka.oauth.scope)");
    public static final ConfigOption REGISTRY_BEARER_TOKEN = ConfigOption.secret("wla.registry.bearer-token", "",
            "A fixed bearer token with bearer-source static; give it through the environment");
    public static final ConfigOption REGISTRY_LOGICAL_CLUSTER = ConfigOption.optional("wla.registry.logical-cluster", "",
            "Confluent Cloud Schema Registry id (lsrc-...), sent with bearer auth as header target-sr-cluster");
    public static final ConfigOption REGISTRY_IDENTITY_POOL_ID = ConfigOption.optional("wla.registry.identity-pool-id", "",
            "Confluent Cloud identity pool id (pool-...), sent with bearer auth as header Confluent-Identity-Pool-Id");
    public static final ConfigOption REGISTRY_SSL_TRUSTSTORE_LOCATION = ConfigOption.optional(
            "wla.registry.ssl-truststore-location", "",
            "Truststore file (JKS, PKCS12) or PEM CA file the registry's HTTPS certificate is checked against (empty: the JVM's default trust)");
    public static final ConfigOption REGISTRY_SSL_TRUSTSTORE_PASSWORD = ConfigOption.secret(
            "wla.registry.ssl-truststore-password", "", "Password of the registry truststore (none for PEM)");
    public static final ConfigOption REGISTRY_SSL_TRUSTSTORE_TYPE = ConfigOption.optional(
            "wla.registry.ssl-truststore-type", "JKS", "Type of the registry truststore file: JKS, PKCS12 or PEM");

    // --- jobs
    public static final ConfigOption JOB_SCHEMAS_DIR = ConfigOption.optional("wla.job.schemas-dir", "schemas",
            "Folder of the Avro schemas (<RecordName>.avsc) jobs name");
    public static final ConfigOption JOB_CHUNK_SIZE = ConfigOption.optional("wla.job.chunk-size", "1000",
            "Rows read, mapped, checked and encoded together (a chunk); a bad row still goes to the dead-letter topic alone");
    public static final ConfigOption JOB_PROGRESS_INTERVAL_MS = ConfigOption.optional("wla.job.progress-interval-ms",
            "10000", "While a run goes on, a progress line (read, not selected, sent, dead-lettered, rate) every this many ms; 0: none");
    public static final ConfigOption JOB_RUN_DATE = ConfigOption.optional("wla.job.run-date", "",
            "Run date (yyyy-MM-dd) every run uses instead of today in its time zone, e.g. the logical date an Automic job passes to run (--wla.job.run-date=...); empty: today");
    public static final ConfigOption JOB_ZONE = ConfigOption.optional("wla.job.time-zone", "Europe/Berlin",
            "Time zone of the run date jobs see as ${exchangeProperty.wlaRunDate}, and default of each job's cron");

    // --- delivery: how a job's records reach Kafka
    public static final ConfigOption DELIVERY_GUARANTEE = ConfigOption.optional("wla.delivery.guarantee", "exactly-once",
            "exactly-once (Kafka transactions: each selected row's event and the record of it as sent commit together; consumers read with isolation.level=read_committed) or at-least-once (for clusters without transactions, e.g. Azure Event Hubs Standard: a crash may send a chunk again, consumers drop repeats by header wla.event.id)");
    public static final ConfigOption DELIVERY_TRANSACTION_RECORDS = ConfigOption.optional(
            "wla.delivery.transaction-records", "20000",
            "Records per Kafka transaction (exactly-once) or per acknowledged batch (at-least-once); larger is faster, smaller keeps read_committed consumers closer behind");
    public static final ConfigOption DELIVERY_TRANSACTIONAL_ID_PREFIX = ConfigOption.optional(
            "wla.delivery.transactional-id-prefix", "wla-bridge",
            "Prefix of each job's transactional.id (<prefix>.<job-id>) and ledger topic (<prefix>.ledger.<job-id>); one per environment sharing a cluster");
    public static final ConfigOption DELIVERY_LEDGER_RETENTION_MS = ConfigOption.optional(
            "wla.delivery.ledger-retention-ms", "2592000000",
            "retention.ms of a job's ledger topic, created when missing (default 30 days): what the sent ledger has not recorded by then is no longer known");
    public static final ConfigOption DELIVERY_SENT_RETENTION_DAYS = ConfigOption.optional(
            "wla.delivery.sent-retention-days", "0",
            "Days a job remembers the event ids it sent (tables wla_sent_chunk and, from earlier versions, wla_sent); 0 (default) for ever. After each successful run the job's ids recorded longer ago are deleted, so the tables and each run's start stay bounded; a row selected again after that is sent again: set it only when a job's idColumns hold a date (as timetravel-daily's valid_on), and longer than any rerun reaches back");

    // --- automic: the Automic Automation REST API that trigger jobs start executions through
    public static final ConfigOption AUTOMIC_URL = ConfigOption.optional("wla.automic.url", "",
            "Base URL of the Automic REST API, http(s)://host:port (trigger jobs' default automicUrl; /ae/api/v1 is added)");
    public static final ConfigOption AUTOMIC_CLIENT = ConfigOption.optional("wla.automic.client", "",
            "Automic client number trigger jobs start executions in, e.g. 100 (their default client)");
    public static final ConfigOption AUTOMIC_USER = ConfigOption.optional("wla.automic.user", "",
            "Automic login for HTTP Basic auth, USER/DEPARTMENT without the client");
    public static final ConfigOption AUTOMIC_PASSWORD = ConfigOption.secret("wla.automic.password", "",
            "Password of wla.automic.user; give it through the environment");
    public static final ConfigOption AUTOMIC_TIMEOUT_MS = ConfigOption.optional("wla.automic.timeout-ms", "10000",
            "Connect and request timeout in ms of an Automic call");
    public static final ConfigOption AUTOMIC_RETRIES = ConfigOption.optional("wla.automic.retries", "5",
            "Retries of an execution request on 5xx, 401/403, 408, 429, timeouts and network errors (4xx others are dead-lettered at once)");
    public static final ConfigOption AUTOMIC_RETRY_DELAY_MS = ConfigOption.optional("wla.automic.retry-delay-ms", "1000",
            "Delay in ms before the first retry; doubled for each further one, at most 60000");

    // --- escalation
    public static final ConfigOption ESCALATION_TOPIC = ConfigOption.optional("wla.escalation.topic", "wla.escalations",
            "Topic of the JSON escalation events: one per failed run, per incident opened and per incident resolved (docs/operations.md)");
    // --- escalation channels: ticket-system webhook and e-mail (the log and the escalation topic always)
    public static final ConfigOption ESCALATION_WEBHOOK_URL = ConfigOption.optional("wla.escalation.webhook-url", "",
            "Ticket-system webhook that receives a JSON POST per incident opened or resolved (empty: no webhook); a job's escalationWebhook overrides it");
    public static final ConfigOption ESCALATION_WEBHOOK_TOKEN = ConfigOption.secret("wla.escalation.webhook-token", "",
            "Bearer token sent to the webhook as Authorization header (empty: none); give it through the environment");
    public static final ConfigOption ESCALATION_WEBHOOK_RETRIES = ConfigOption.optional("wla.escalation.webhook-retries",
            "4", "Retries of a webhook call that fails (network error, HTTP 408, 429 or 5xx)");
    public static final ConfigOption ESCALATION_WEBHOOK_BACKOFF_MS = ConfigOption.optional(
            "wla.escalation.webhook-backoff-ms", "1000", "Wait in ms before the first webhook retry; doubled for each further one");
    public static final ConfigOption ESCALATION_WEBHOOK_TIMEOUT_MS = ConfigOption.optional(
            "wla.escalation.webhook-timeout-ms", "10000", "Connect and request timeout in ms of one webhook call");
    public static final ConfigOption ESCALATION_LINK_URL = ConfigOption.optional("wla.escalation.link-url",
            "http://localhost:8080/", "Base URL of the bridge's overview in incident notifications (the link is <url>?job=<job-id>&run=<run-id>)");
    public static final ConfigOption ESCALATION_MAIL_TO = ConfigOption.optional("wla.escalation.mail-to", "",
            "Comma-separated e-mail recipients of every job's incidents (empty: no e-mail); a job's escalationMail overrides it");
    public static final ConfigOption ESCALATION_MAIL_FROM = ConfigOption.optional("wla.escalation.mail-from",
            "wla-bridge@localhost", "Sender address of incident e-mails");
    public static final ConfigOption ESCALATION_SMTP_HOST = ConfigOption.optional("wla.escalation.smtp-host", "",
            "SMTP server of incident e-mails (empty: no e-mail)");
    public static final ConfigOption ESCALATION_SMTP_PORT = ConfigOption.optional("wla.escalation.smtp-port", "25",
            "Port of the SMTP server");
    public static final ConfigOption ESCALATION_SMTP_PROTOCOL = ConfigOption.optional("wla.escalation.smtp-protocol",
            "smtp", "smtp (plain SMTP) or smtps (SMTP over TLS)");
    public static final ConfigOption ESCALATION_SMTP_USERNAME = ConfigOption.optional("wla.escalation.smtp-username", "",
            "SMTP user (empty: no authentication)");
    public static final ConfigOption ESCALATION_SMTP_PASSWORD = ConfigOption.secret("wla.escalation.smtp-password", "",
            "SMTP password; give it through the environment");

    // --- spool: records Kafka could not take
    public static final ConfigOption SPOOL_DIR = ConfigOption.optional("wla.spool.dir", "./data/spool",
            "Folder of the durable spool: one file per job run whose records Kafka could not take, until replay sends them");

    // --- http (service only): the bridge's HTTP routes, and health and metrics on a management port
    public static final ConfigOption HTTP_PORT = ConfigOption.optional("wla.http.port", "8080",
            "Port of the service's HTTP server: the overview page, /api/jobs and the Kafka HTTP bridge");
    public static final ConfigOption HTTP_HOST = ConfigOption.optional("wla.http.host", "0.0.0.0",
            "Address the service's HTTP server binds to (0.0.0.0: every interface; 127.0.0.1: this host only, e.g. behind a reverse proxy)");
    public static final ConfigOption MANAGEMENT_HOST = ConfigOption.optional("wla.management.host", "127.0.0.1",
            "Address the management server binds to (127.0.0.1: this host only; 0.0.0.0 where probes or Prometheus come from outside, e.g. in a container)");
    public static final ConfigOption MANAGEMENT_PORT = ConfigOption.optional("wla.management.port", "9876",
            "Port of the service's management server: /observe/health (liveness and readiness) and /observe/metrics (Prometheus)");
    public static final ConfigOption OVERVIEW_USER = ConfigOption.optional("wla.overview.user", "operator",
            "User of the operator credentials (HTTP Basic) that may trigger runs from the overview page and POST /api/jobs/{id}/runs");
    public static final ConfigOption OVERVIEW_PASSWORD = ConfigOption.secret("wla.overview.password", "",
            "Password of the operator credentials (empty: triggering over HTTP is disabled); give it through the environment");

    // --- secrets
    public static final ConfigOption SECRETS_REFRESH_PERIOD_MS = ConfigOption.optional("wla.secrets.refresh-period-ms",
            "300000", "How often in ms the service reads {{azure:...}} secrets again and applies rotated ones (0: never)");

    // --- api: the Kafka HTTP bridge (service only; off while wla.api.issuer is empty)
    public static final ConfigOption API_ISSUER = ConfigOption.optional("wla.api.issuer", "",
            "OAuth 2.0 issuer whose bearer tokens the HTTP bridge accepts (its iss claim; empty: the /v1 and /v3 endpoints are off)");
    public static final ConfigOption API_JWKS_URL = ConfigOption.optional("wla.api.jwks-url", "",
            "JWKS with the issuer's signing keys (empty: jwks_uri from <issuer>/.well-known/openid-configuration); refetched when a token names an unknown key");
    public static final ConfigOption API_AUDIENCE = ConfigOption.optional("wla.api.audience", "",
            "Audience (aud) a token must name, e.g. api://wla-bridge; required when the HTTP bridge is on");
    public static final ConfigOption API_CLOCK_SKEW_SECONDS = ConfigOption.optional("wla.api.clock-skew-seconds", "60",
            "Clock skew in seconds tolerated when checking a token's exp and nbf");
    public static final ConfigOption API_PERMISSIONS = ConfigOption.optional("wla.api.permissions", "",
            "Who may do what: rules <operation>:<topic-glob>=<group-or-role>[,...] separated by ;, operations produce, consume, create, metadata or *");
    public static final ConfigOption API_MAX_REQUEST_BYTES = ConfigOption.optional("wla.api.max-request-bytes", "1048576",
            "Largest request body in bytes the HTTP bridge accepts (larger: 413)");
    public static final ConfigOption API_RATE_LIMIT_PER_SECOND = ConfigOption.optional("wla.api.rate-limit-per-second",
            "50", "Requests per second each client (token azp, appid or sub) may make on average (more: 429 with Retry-After)");
    public static final ConfigOption API_RATE_LIMIT_BURST = ConfigOption.optional("wla.api.rate-limit-burst", "100",
            "Requests a client may make at once before the per-second rate applies");
    public static final ConfigOption API_WORKER_THREADS = ConfigOption.optional("wla.api.worker-threads", "64",
            "Threads of the HTTP server that run requests (Vert.x worker pool, default there 20): a request other than produce holds one until it is answered, so this caps those requests in flight; a produce request holds one only until its records are handed to the producer, and none when it runs on the event loop (its token and topic known)");
    public static final ConfigOption API_LINGER_MS = ConfigOption.optional("wla.api.linger-ms", "0",
            "How long in ms the HTTP bridge's producer waits to fill a batch (its linger.ms; the jobs' is wla.kafka.linger-ms): 0 sends at once, records of requests that arrive while earlier ones are in flight are batched anyway");
    public static final ConfigOption API_COMPRESSION = ConfigOption.optional("wla.api.compression", "none",
            "Compression of the HTTP bridge's produced batches (its own producer; the jobs' is wla.kafka.compression): none, gzip, snappy, lz4, zstd or auto (as wla.kafka.compression). none by default: a request's batch is small, and Kafka's lz4 takes 128 KB of buffers per batch, so compressing cost the gateway more (GC, latency) than it saved; lz4 saves bytes where the cluster is remote and bytes cost");
    public static final ConfigOption API_MAX_IN_FLIGHT_REQUESTS = ConfigOption.optional(
            "wla.api.max-in-flight-requests", "1",
            "Produce requests the HTTP bridge's producer has in flight per broker (its max.in.flight.requests.per.connection, 1 to 5): with 1, the records of HTTP requests that arrive meanwhile go together in the next one, fewer and fuller requests for the broker");
    public static final ConfigOption API_CONSUMER_POOL_SIZE = ConfigOption.optional("wla.api.consumer-pool-size", "8",
            "Most Kafka consumers the HTTP bridge keeps for consume requests; a request finding them all busy waits for one (up to 30 s, then 503)");
    public static final ConfigOption API_CONSUMER_IDLE_MS = ConfigOption.optional("wla.api.consumer-idle-ms", "60000",
            "Ms an HTTP bridge consumer may stay unused before it is closed");
    public static final ConfigOption API_SSL_TRUSTSTORE_LOCATION = ConfigOption.optional(
            "wla.api.ssl-truststore-location", "",
            "Truststore file (JKS or PKCS12) the issuer's HTTPS certificate is checked against when fetching keys (empty: the JVM's default trust)");
    public static final ConfigOption API_SSL_TRUSTSTORE_PASSWORD = ConfigOption.secret("wla.api.ssl-truststore-password",
            "", "Password of the issuer's truststore");

    // --- cluster: several service instances share the job database's Quartz tables; each fire runs on one of them
    public static final ConfigOption CLUSTER_ENABLED = ConfigOption.optional("wla.cluster.enabled", "false",
            "Run the service as one instance of a cluster: Quartz keeps the schedules in the job database (tables qrtz_*, created when missing) so each fire runs on exactly one instance, and a fire whose instance dies is recovered by another");
    public static final ConfigOption CLUSTER_INSTANCE_NAME = ConfigOption.optional("wla.cluster.instance-name", "",
            "This instance's id in the cluster, unique per instance (empty: Quartz's AUTO, host name and start time)");
    public static final ConfigOption CLUSTER_CHECKIN_INTERVAL_MS = ConfigOption.optional(
            "wla.cluster.checkin-interval-ms", "15000",
            "How often in ms an instance tells the others it is alive; a silent instance is taken as dead (its fires recovered) after about this plus 7.5 s");
    public static final ConfigOption CLUSTER_DRIVER_DELEGATE = ConfigOption.optional("wla.cluster.driver-delegate", "",
            "Quartz JDBC delegate class (empty: org.quartz.impl.jdbcjobstore.PostgreSQLDelegate on PostgreSQL, MSSQLDelegate on SQL Server, StdJDBCDelegate otherwise)");

    // --- reload (service only): job files edited while the service runs
    public static final ConfigOption RELOAD_ENABLED = ConfigOption.optional("wla.reload.enabled", "true",
            "Watch the job files (routes/*.camel.yaml, the .sql beside a job, the schemas jobs name) and reload an edited job once it passes the job checks");
    public static final ConfigOption RELOAD_DEBOUNCE_MS = ConfigOption.optional("wla.reload.debounce-ms", "1000",
            "Quiet time in ms after the last change of a file before its job is reloaded (an editor's save is several writes)");

    public static final List<ConfigOption> ALL = List.of(
            DATASOURCE_URL, DATASOURCE_USERNAME, DATASOURCE_PASSWORD, DATASOURCE_POOL_SIZE, DATASOURCE_CONNECTION_TIMEOUT_MS,
            DATASOURCE_FETCH_SIZE, DRIVERS_DIR,
            KAFKA_BOOTSTRAP_SERVERS, KAFKA_DELIVERY_TIMEOUT_MS, KAFKA_MAX_BLOCK_MS, KAFKA_LINGER_MS, KAFKA_BATCH_SIZE,
            KAFKA_ACKS, KAFKA_COMPRESSION, KAFKA_MAX_REQUEST_SIZE,
            KAFKA_SECURITY_PROTOCOL, KAFKA_SASL_MECHANISM, KAFKA_SASL_USERNAME, KAFKA_SASL_PASSWORD,
            KAFKA_SSL_TRUSTSTORE_LOCATION, KAFKA_SSL_TRUSTSTORE_PASSWORD, KAFKA_SSL_TRUSTSTORE_TYPE,
            KAFKA_SSL_KEYSTORE_LOCATION, KAFKA_SSL_KEYSTORE_PASSWORD, KAFKA_SSL_KEYSTORE_TYPE, KAFKA_SSL_KEY_PASSWORD,
            KAFKA_OAUTH_AUTHORITY, KAFKA_OAUTH_TENANT_ID, KAFKA_OAUTH_CLIENT_ID, KAFKA_OAUTH_CLIENT_SECRET,
            KAFKA_OAUTH_CERTIFICATE_PATH, KAFKA_OAUTH_CERTIFICATE_PASSWORD, KAFKA_OAUTH_MANAGED_IDENTITY,
            KAFKA_OAUTH_MANAGED_IDENTITY_CLIENT_ID, KAFKA_OAUTH_SCOPE, KAFKA_OAUTH_LOGICAL_CLUSTER,
            KAFKA_OAUTH_IDENTITY_POOL_ID, KAFKA_OAUTH_TRUSTSTORE_LOCATION, KAFKA_OAUTH_TRUSTSTORE_PASSWORD,
            KAFKA_OAUTH_TRUSTSTORE_TYPE,
            REGISTRY_URL, REGISTRY_AUTO_REGISTER, REGISTRY_SUBJECT_STRATEGY, REGISTRY_TIMEOUT_MS, REGISTRY_RETRIES,
            REGISTRY_AUTH, REGISTRY_BASIC_USER, REGISTRY_BASIC_PASSWORD, REGISTRY_BEARER_SOURCE, REGISTRY_BEARER_SCOPE,
            REGISTRY_BEARER_TOKEN, REGISTRY_LOGICAL_CLUSTER, REGISTRY_IDENTITY_POOL_ID, REGISTRY_SSL_TRUSTSTORE_LOCATION,
            REGISTRY_SSL_TRUSTSTORE_PASSWORD, REGISTRY_SSL_TRUSTSTORE_TYPE,
            JOB_SCHEMAS_DIR, JOB_CHUNK_SIZE, JOB_PROGRESS_INTERVAL_MS, JOB_RUN_DATE, JOB_ZONE,
            DELIVERY_GUARANTEE, DELIVERY_TRANSACTION_RECORDS, DELIVERY_TRANSACTIONAL_ID_PREFIX, DELIVERY_LEDGER_RETENTION_MS,
            DELIVERY_SENT_RETENTION_DAYS,
            SPOOL_DIR,
            ESCALATION_WEBHOOK_URL, ESCALATION_WEBHOOK_TOKEN, ESCALATION_WEBHOOK_RETRIES, ESCALATION_WEBHOOK_BACKOFF_MS,
            ESCALATION_WEBHOOK_TIMEOUT_MS, ESCALATION_LINK_URL, ESCALATION_MAIL_TO, ESCALATION_MAIL_FROM,
            ESCALATION_SMTP_HOST, ESCALATION_SMTP_PORT, ESCALATION_SMTP_PROTOCOL, ESCALATION_SMTP_USERNAME,
            ESCALATION_SMTP_PASSWORD,
            AUTOMIC_URL, AUTOMIC_CLIENT, AUTOMIC_USER, AUTOMIC_PASSWORD, AUTOMIC_TIMEOUT_MS, AUTOMIC_RETRIES,
            AUTOMIC_RETRY_DELAY_MS,
            ESCALATION_TOPIC,
            HTTP_HOST, HTTP_PORT, MANAGEMENT_HOST, MANAGEMENT_PORT, OVERVIEW_USER, OVERVIEW_PASSWORD,
            SECRETS_REFRESH_PERIOD_MS,
            API_ISSUER, API_JWKS_URL, API_AUDIENCE, API_CLOCK_SKEW_SECONDS, API_PERMISSIONS, API_MAX_REQUEST_BYTES,
            API_RATE_LIMIT_PER_SECOND, API_RATE_LIMIT_BURST, API_WORKER_THREADS, API_LINGER_MS, API_COMPRESSION,
            API_MAX_IN_FLIGHT_REQUESTS, API_CONSUMER_POOL_SIZE, API_CONSUMER_IDLE_MS,
            API_SSL_TRUSTSTORE_LOCATION, API_SSL_TRUSTSTORE_PASSWORD,
            CLUSTER_ENABLED, CLUSTER_INSTANCE_NAME, CLUSTER_CHECKIN_INTERVAL_MS, CLUSTER_DRIVER_DELEGATE,
            RELOAD_ENABLED, RELOAD_DEBOUNCE_MS);

    /**
     * The secret settings (passwords, client secrets, tokens, keystore passwords: those declared with
     * {@link ConfigOption#secret}): masked wherever Camel or the bridge prints configuration, refused as
     * {@code --key=value} on the command line, read again by the Key Vault refresh.
     */
    public static final List<ConfigOption> SECRETS = ALL.stream().filter(ConfigOption::secret).toList();

    /** Every declared default, for Camel's property resolver at its lowest priority (initial properties). */
    public static Properties defaults() {
        Properties defaults = new Properties();
        for (ConfigOption option : ALL) {
            if (option.defaultValue() != null) {
                defaults.setProperty(option.name(), option.defaultValue());
            }
        }
        return defaults;
    }
}
