package io.wlabridge.job;

import java.io.IOException;
import java.util.List;

/** Where a run's records go when Kafka cannot take them (implemented by the local spool, io.wlabridge.ops.Spool). */
public interface RecordSpool {

    /** Stores the records durably for a later replay; nothing of them counts as sent. */
    void spool(JobRun run, List<Outgoing> records) throws IOException;
}
