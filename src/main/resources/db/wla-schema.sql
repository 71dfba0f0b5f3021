-- The bridge's own tables, created at startup when missing. Written for PostgreSQL and H2; BridgeTables.Dialect adapts it to MariaDB/MySQL, Oracle and SQL Server.
-- A column added to a table after its first release is also listed in ops/BridgeTables.ADDED, which adds it to an
-- existing table.

-- What each job has sent: a rerun skips these event ids. One row per chunk a run sent (job/SentLedger.java): its ids in
-- the ledger topic's record format (run id, topic, the ids; LZ4), the row's key the ledger record's (run id/chunk), so
-- a chunk is recorded once whoever records it (the run's writer or a reconciliation of the ledger topic).
CREATE TABLE IF NOT EXISTS wla_sent_chunk (
    job_id   VARCHAR(100) NOT NULL,
    chunk_id VARCHAR(80)  NOT NULL,
    run_id   VARCHAR(36)  NOT NULL,
    topic    VARCHAR(249) NOT NULL,
    sent_at  TIMESTAMP    NOT NULL,
    id_count INTEGER      NOT NULL,
    ids      BLOB         NOT NULL,
    PRIMARY KEY (job_id, chunk_id)
);

-- What each job sent before wla_sent_chunk, one row per event id (and any written by hand): read as before, no longer
-- written by the bridge. Keyed by generation (job/SentLedger.java), so a run's ids
-- fill a fresh range of the key instead of interleaving with every earlier day's; 0 holds the ids recorded before
-- generations existed (and any written by hand). A table created without generations is migrated at startup
-- (ops/BridgeTables.java).
CREATE TABLE IF NOT EXISTS wla_sent (
    job_id     VARCHAR(100) NOT NULL,
    event_id   VARCHAR(500) NOT NULL,
    run_id     VARCHAR(36)  NOT NULL,
    topic      VARCHAR(249) NOT NULL,
    sent_at    TIMESTAMP    NOT NULL,
    generation INTEGER      DEFAULT 0 NOT NULL,
    PRIMARY KEY (job_id, generation, event_id)
);

-- Each job's generations of wla_sent besides 0: a lookup asks these. A generation is listed here before any id is
-- recorded in it.
CREATE TABLE IF NOT EXISTS wla_sent_generation (
    job_id     VARCHAR(100) NOT NULL,
    generation INTEGER      NOT NULL,
    PRIMARY KEY (job_id, generation)
);

-- Exactly-once delivery: how far each job's ledger topic (<prefix>.ledger.<job-id>) is recorded in wla_sent.
CREATE TABLE IF NOT EXISTS wla_ledger_position (
    job_id      VARCHAR(100) NOT NULL PRIMARY KEY,
    next_offset BIGINT       NOT NULL
);

-- Every run of every job: the run ledger.
CREATE TABLE IF NOT EXISTS wla_run (
    run_id             VARCHAR(36)   NOT NULL PRIMARY KEY,
    job_id             VARCHAR(100)  NOT NULL,
    trigger_type       VARCHAR(20)   NOT NULL,
    run_date           DATE          NOT NULL,
    started_at         TIMESTAMP     NOT NULL,
    ended_at           TIMESTAMP,
    outcome            VARCHAR(30)   NOT NULL,
    rows_read          BIGINT        DEFAULT 0 NOT NULL,
    rows_filtered      BIGINT        DEFAULT 0 NOT NULL,
    rows_sent          BIGINT        DEFAULT 0 NOT NULL,
    rows_already_sent  BIGINT        DEFAULT 0 NOT NULL,
    rows_dead_lettered BIGINT        DEFAULT 0 NOT NULL,
    error              VARCHAR(2000),
    instance_id        VARCHAR(200),
    fire_time          TIMESTAMP
);

-- Incidents: what went wrong with a job (RUN_FAILED, DEADLINE_MISSED, DEAD_LETTERS), when the operators were told of
-- it (notified_at), when it was resolved and when they were told of that (resolution_notified_at).
-- open_key is job_id:cause while the incident is open and NULL once resolved: at most one open incident per job
-- and cause, enforced by the database so that two instances checking at once cannot open two.
CREATE TABLE IF NOT EXISTS wla_incident (
    incident_id VARCHAR(36)   NOT NULL PRIMARY KEY,
    job_id      VARCHAR(100)  NOT NULL,
    cause       VARCHAR(30)   NOT NULL,
    open_key    VARCHAR(140)  UNIQUE,
    run_id      VARCHAR(36),
    opened_at   TIMESTAMP     NOT NULL,
    notified_at TIMESTAMP,
    resolved_at TIMESTAMP,
    resolution_notified_at TIMESTAMP,
    resolved_by VARCHAR(36),
    detail      VARCHAR(2000)
);

-- Automic executions started by trigger jobs: one row per event, keyed by its place in Kafka, with the run id
-- Automic returned. A re-delivered event that has a row is not started again.
CREATE TABLE IF NOT EXISTS wla_automic_execution (
    job_id          VARCHAR(100) NOT NULL,
    topic           VARCHAR(249) NOT NULL,
    kafka_partition INTEGER      NOT NULL,
    kafka_offset    BIGINT       NOT NULL,
    event_key       VARCHAR(500),
    event_id        VARCHAR(500),
    object_name     VARCHAR(200) NOT NULL,
    automic_run_id  BIGINT,
    accepted_at     TIMESTAMP    NOT NULL,
    PRIMARY KEY (job_id, topic, kafka_partition, kafka_offset)
);

-- Every reload of a job file while the service runs: accepted (the new version runs) or rejected (the previous keeps
-- running), with the file's SHA-256 and why it was rejected.
CREATE TABLE IF NOT EXISTS wla_route_reload (
    reload_id   VARCHAR(36)   NOT NULL PRIMARY KEY,
    file        VARCHAR(1000) NOT NULL,
    checksum    VARCHAR(64),
    job_id      VARCHAR(100),
    reloaded_at TIMESTAMP     NOT NULL,
    result      VARCHAR(10)   NOT NULL,
    reason      VARCHAR(2000)
);
