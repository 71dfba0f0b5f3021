package io.wlabridge.job;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.wlabridge.registry.RegistryAvroDataFormat;

/**
 * The record steps of the {@code wla-job} template, a chunk at a time (bean {@code recordPipeline}): map, rule and
 * encode run over every row of the chunk in one exchange, through the run's {@link RecordBuilder}. A row that does
 * not fit becomes a dead letter (WARN line, counted) and the others keep flowing.
 */
public final class RecordPipeline {

    /** Exchange property with the run's RecordBuilder. */
    public static final String BUILDER_PROPERTY = "wlaRecordBuilder";

    private static final Logger LOG = LoggerFactory.getLogger(RecordPipeline.class);

    private final JobCatalog catalog;
    private final RegistryAvroDataFormat avro;
    private final String registryUrl;

    /** @param registryUrl the registry's base URL(s), comma-separated: the first names the schema in ce_dataschema */
    public RecordPipeline(JobCatalog catalog, RegistryAvroDataFormat avro, String registryUrl) {
        this.catalog = catalog;
        this.avro = avro;
        String first = registryUrl.split(",")[0].trim();
        this.registryUrl = first.endsWith("/") ? first.substring(0, first.length() - 1) : first;
    }

    /**
     * Step resolve-schema: the schema id is resolved once per run, so an unreachable registry fails the run before any
     * row is read; then the run's RecordBuilder.
     */
    public void open(Exchange exchange) {
        JobRun run = JobSteps.run(exchange);
        exchange.setProperty(BUILDER_PROPERTY, builder(exchange.getContext(), run.job(), run.runId(), run.runDate()));
    }

    /** The RecordBuilder for a run of the job (schema id resolved); replay uses it with the original run's date. */
    public RecordBuilder builder(org.apache.camel.CamelContext context, JobDefinition job, String runId,
            java.time.LocalDate runDate) {
        avro.resolveSchemaId(job.topic(), job.schema());
        String dataSchema = catalog.envelope(job.jobId()).cloudEvents() ? dataSchema(job) : null;
        return new RecordBuilder(context, catalog, avro, job, runId, runDate, dataSchema);
    }

    /** Step map: the chunk's rows (a list of column maps) to typed fields. */
    public void map(Exchange exchange) {
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> rows = exchange.getMessage().getBody(List.class);
        JobRun run = JobSteps.run(exchange);
        RecordBuilder builder = builder(exchange);
        Chunk chunk = new Chunk(rows);
        for (Chunk.Item item : chunk.items) {
            run.countRead();
            try {
                item.fields = builder.fields(item.row);
            } catch (RuntimeException e) {
                reject(run, builder, chunk, item, e);
            }
        }
        exchange.getMessage().setBody(chunk);
        CrashPoint.reached("fetch");
    }

    /** Step rule: the job's rule over each mapped row; rows it does not select are counted as filtered. */
    public void select(Exchange exchange) {
        Chunk chunk = exchange.getMessage().getBody(Chunk.class);
        JobRun run = JobSteps.run(exchange);
        RecordBuilder builder = builder(exchange);
        for (Chunk.Item item : chunk.items) {
            if (item.fields == null) {
                continue;
            }
            try {
                item.selected = builder.selects(item.fields);
                if (!item.selected) {
                    run.countFiltered();
                }
            } catch (RuntimeException e) {
                reject(run, builder, chunk, item, e);
            }
        }
    }

    /** Steps to-record and marshal: each selected row to its Avro record in Confluent wire format. */
    public void encode(Exchange exchange) {
        Chunk chunk = exchange.getMessage().getBody(Chunk.class);
        JobRun run = JobSteps.run(exchange);
        RecordBuilder builder = builder(exchange);
        for (Chunk.Item item : chunk.items) {
            if (item.fields == null || !item.selected) {
                continue;
            }
            try {
                item.record = builder.encode(item.row, item.fields);
            } catch (io.wlabridge.registry.RegistryException e) {
                throw e;
            } catch (RuntimeException e) {
                reject(run, builder, chunk, item, e);
            }
        }
    }

    private static void reject(JobRun run, RecordBuilder builder, Chunk chunk, Chunk.Item item, RuntimeException e) {
        item.fields = null;
        item.selected = false;
        chunk.deadLetters.add(builder.deadLetter(item.row, e));
        run.countDeadLettered();
        LOG.warn("job {} run {}: record dead-lettered to {}: {}", run.jobId(), run.runId(),
                run.job().deadLetterTopic(), FailureDescription.of(e));
    }

    private static RecordBuilder builder(Exchange exchange) {
        RecordBuilder builder = exchange.getProperty(BUILDER_PROPERTY, RecordBuilder.class);
        if (builder == null) {
            throw new IllegalStateException("no record builder on exchange " + exchange.getExchangeId()
                    + ": the route must run the recordPipeline 'open' step first");
        }
        return builder;
    }

    /** ce_dataschema: the registry URL of the subject version the events are written with, or null if unknown. */
    private String dataSchema(JobDefinition job) {
        String subject = avro.getSubjectNameStrategy().subjectFor(job.topic(), avro.isKey(), job.schema());
        return avro.getClient().lookup(subject, job.schema())
                .map(registered -> registryUrl + "/subjects/" + URLEncoder.encode(subject, StandardCharsets.UTF_8)
                        + "/versions/" + registered.version())
                .orElse(null);
    }
}
