package io.wlabridge.ops;

import java.sql.Connection;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.apache.camel.CamelContext;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

import io.wlabridge.job.DeliveryGuarantee;
import io.wlabridge.job.FailureDescription;
import io.wlabridge.job.RecordSender;
import io.wlabridge.job.JobCatalog;
import io.wlabridge.config.Settings;
import io.wlabridge.config.WlaOptions;
import io.wlabridge.kafka.AdminProperties;
import io.wlabridge.kafka.EntraBearerToken;
import io.wlabridge.job.JobDefinition;
import io.wlabridge.registry.RegisteredSchema;
import io.wlabridge.registry.RegistryAuthException;
import io.wlabridge.registry.RegistryAvroDataFormat;
import io.wlabridge.registry.SchemaRegistryClient;

/**
 * The checks `check` runs after configuration and jobs have loaded: the database, each job's query (its columns, its
 * rule on the run date's rows: {@link JobQueryCheck}), each job's topic (exists, writes authorised) and each job's
 * registry subject (schema registered, or compatible and registrable). Every failure says
 * what to fix; no check prints a secret.
 */
public final class Preflight {

    private static final int TIMEOUT_SECONDS = 10;

    private final CamelContext context;
    private final JobCatalog catalog;

    public Preflight(CamelContext context, JobCatalog catalog) {
        this.context = context;
        this.catalog = catalog;
    }

    public List<CheckResult> run() {
        List<CheckResult> results = new ArrayList<>();
        results.add(CheckResult.ok("configuration", catalog.jobs().size() + " job(s) loaded: "
                + catalog.jobs().stream().map(JobDefinition::jobId).toList()));
        CheckResult database = database("database", "dataSource", WlaOptions.DATASOURCE_URL.name());
        results.add(database);
        Map<String, Boolean> reachable = new HashMap<>(Map.of(WlaOptions.STATE_SOURCE, database.ok()));
        for (String source : catalog.sources()) {
            if (!source.equals(WlaOptions.STATE_SOURCE)) {
                CheckResult checked = database("source " + source + " (jobs " + readers(source) + ")",
                        JobCatalog.sourceBean(source), WlaOptions.source(WlaOptions.SOURCE_URL, source).name());
                results.add(checked);
                reachable.put(source, checked.ok());
            }
        }
        // each job's query on the database it reads, if that answered
        for (JobDefinition job : catalog.jobs()) {
            String source = catalog.source(job.jobId());
            if (reachable.getOrDefault(source, false)) {
                DataSource dataSource = context.getRegistry().lookupByNameAndType(JobCatalog.sourceBean(source), DataSource.class);
                results.addAll(new JobQueryCheck(context, catalog, dataSource).check(job));
            }
        }
        results.addAll(tokenProviders());
        try (Admin admin = Admin.create(AdminProperties.of(context, TIMEOUT_SECONDS))) {
            if (oauthBearer()) {
                results.add(kafkaLogin(admin));
            }
            results.add(delivery(admin));
            for (JobDefinition job : catalog.jobs()) {
                results.add(topic(admin, job));
            }
        } catch (org.apache.kafka.common.KafkaException e) {
            // the admin client could not even be built (login refused, unreadable truststore): each topic says why
            for (JobDefinition job : catalog.jobs()) {
                results.add(CheckResult.fail("kafka topic " + job.topic() + " (job " + job.jobId() + ")",
                        FailureDescription.of(e)));
            }
        }
        for (JobDefinition job : catalog.jobs()) {
            results.add(subject(job));
        }
        return results;
    }

    private boolean oauthBearer() {
        return "OAUTHBEARER".equalsIgnoreCase(new Settings(context).get(WlaOptions.KAFKA_SASL_MECHANISM).trim());
    }

    /**
     * A token is not yet a login: the broker checks its issuer, signature and audience. A real connection (describe
     * the cluster) shows whether it accepts the one the bridge got.
     */
    private CheckResult kafkaLogin(Admin admin) {
        String what = "kafka login (OAUTHBEARER)";
        try {
            String cluster = admin.describeCluster().clusterId().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            return CheckResult.ok(what, "the broker accepted the token (cluster " + cluster + ")");
        } catch (ExecutionException e) {
            return CheckResult.fail(what, oneLine(e.getCause()) + kafkaHint(e.getCause()));
        } catch (Exception e) {
            return CheckResult.fail(what, oneLine(e) + " - check wla.kafka.bootstrap-servers and that Kafka is reachable");
        }
    }

    /** What to check after Kafka refused: the token's audience and issuer when it refused the login, else the address. */
    private String kafkaHint(Throwable cause) {
        if (cause instanceof org.apache.kafka.common.errors.AuthenticationException) {
            return FailureDescription.kafkaLoginHint(oauthBearer());
        }
        return " - check wla.kafka.bootstrap-servers and the security settings";
    }

    /** The OAuth identities configured for Kafka (OAUTHBEARER) and the registry (bearer from oauth): a token each. */
    private List<CheckResult> tokenProviders() {
        Settings settings = new Settings(context);
        List<CheckResult> results = new ArrayList<>();
        if (oauthBearer()) {
            results.add(token("oauth token for kafka", () -> EntraBearerToken.forKafka(settings::get)));
        }
        if ("bearer".equalsIgnoreCase(settings.get(WlaOptions.REGISTRY_AUTH).trim())
                && "oauth".equalsIgnoreCase(settings.get(WlaOptions.REGISTRY_BEARER_SOURCE).trim())) {
            results.add(token("oauth token for the registry",
                    () -> EntraBearerToken.of(settings::get, settings.get(WlaOptions.REGISTRY_BEARER_SCOPE))));
        }
        return results;
    }

    private static CheckResult token(String what, java.util.function.Supplier<EntraBearerToken> source) {
        try {
            EntraBearerToken token = source.get();
            token.get();
            // the token itself is a credential: only that one came, never what it is
            return CheckResult.ok(what, "token acquired for " + token.identity());
        } catch (Exception e) {
            // our message names the identity, the issuer and the issuer's answer (never the secret)
            String why = e.getMessage() != null ? e.getMessage().replaceAll("\\s*\\R\\s*", " ") : oneLine(e);
            return CheckResult.fail(what, why + " - check wla.kafka.oauth.* (client id, secret or certificate,"
                    + " tenant or authority, scope) and that the issuer is reachable");
        }
    }

    /** The database answers: its product and version, and the driver's (bundled or from the drivers folder). */
    private CheckResult database(String what, String bean, String urlKey) {
        DataSource dataSource = context.getRegistry().lookupByNameAndType(bean, DataSource.class);
        try (Connection connection = dataSource.getConnection()) {
            if (!connection.isValid(TIMEOUT_SECONDS)) {
                return CheckResult.fail(what, "connection not valid - check " + urlKey + " and the database");
            }
            java.sql.DatabaseMetaData meta = connection.getMetaData();
            return CheckResult.ok(what, meta.getDatabaseProductName() + " " + meta.getDatabaseProductVersion()
                    + (connection.isReadOnly() ? ", read-only" : "") + "; driver " + meta.getDriverName() + " "
                    + meta.getDriverVersion());
        } catch (Exception e) {
            return CheckResult.fail(what, oneLine(e) + " - check " + urlKey + ", the credentials and the network");
        }
    }

    private List<String> readers(String source) {
        return catalog.jobs().stream().map(JobDefinition::jobId).filter(id -> catalog.source(id).equals(source)).toList();
    }

    /**
     * The delivery guarantee in force, and for exactly-once whether the cluster has transactions (Azure Event Hubs:
     * only its Premium and Dedicated tiers): asking for the transactions in progress fails where it has none.
     */
    private CheckResult delivery(Admin admin) {
        RecordSender sender = context.getRegistry().lookupByNameAndType("recordSender", RecordSender.class);
        DeliveryGuarantee guarantee = sender.guarantee();
        String what = "delivery " + guarantee.text();
        if (guarantee == DeliveryGuarantee.AT_LEAST_ONCE) {
            return CheckResult.ok(what, "no Kafka transactions: a run killed between Kafka's acknowledgement and the sent"
                    + " ledger resends that batch; consumers drop repeats by header wla.event.id");
        }
        try {
            admin.listTransactions().all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            return CheckResult.ok(what, "Kafka transactions available; transactional.id and ledger topic per job, e.g. "
                    + catalog.jobs().stream().findFirst().map(job -> sender.transactionalId(job.jobId()) + " and "
                            + sender.ledgerTopic(job.jobId()).name()).orElse("none")
                    + "; consumers read with isolation.level=read_committed");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof org.apache.kafka.common.errors.UnsupportedVersionException) {
                return CheckResult.fail(what, "this cluster has no Kafka transactions (Azure Event Hubs: Premium or"
                        + " Dedicated tier only) - set wla.delivery.guarantee=at-least-once");
            }
            if (e.getCause() instanceof org.apache.kafka.common.errors.AuthorizationException) {
                return CheckResult.ok(what, "Kafka transactions available (this principal may not list them; grant WRITE"
                        + " and DESCRIBE on transactional ids " + sender.transactionalId("*") + ")");
            }
            return CheckResult.fail(what, oneLine(e.getCause()) + kafkaHint(e.getCause()));
        } catch (Exception e) {
            return CheckResult.fail(what, oneLine(e) + " - check wla.kafka.bootstrap-servers and that Kafka is reachable");
        }
    }

    private CheckResult topic(Admin admin, JobDefinition job) {
        String what = "kafka topic " + job.topic() + " (job " + job.jobId() + ")";
        try {
            TopicDescription topic = admin.describeTopics(Set.of(job.topic()),
                    new DescribeTopicsOptions().includeAuthorizedOperations(true).timeoutMs(TIMEOUT_SECONDS * 1000))
                    .allTopicNames().get(TIMEOUT_SECONDS, TimeUnit.SECONDS).get(job.topic());
            Set<AclOperation> allowed = topic.authorizedOperations();
            if (allowed != null && !allowed.isEmpty() && !allowed.contains(AclOperation.WRITE)
                    && !allowed.contains(AclOperation.ALL)) {
                return CheckResult.fail(what, "exists, but this principal may not write to it - grant WRITE on the topic");
            }
            return CheckResult.ok(what, topic.partitions().size() + " partition(s)"
                    + (allowed == null || allowed.isEmpty() ? "" : ", write authorised"));
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return CheckResult.fail(what, "does not exist - create it before the job runs");
            }
            return CheckResult.fail(what, oneLine(e.getCause()) + kafkaHint(e.getCause()));
        } catch (Exception e) {
            return CheckResult.fail(what, oneLine(e) + " - check wla.kafka.bootstrap-servers and that Kafka is reachable");
        }
    }

    private CheckResult subject(JobDefinition job) {
        RegistryAvroDataFormat avro = context.getRegistry().lookupByNameAndType("registryAvroDataFormat", RegistryAvroDataFormat.class);
        SchemaRegistryClient registry = avro.getClient();
        String subject = avro.getSubjectNameStrategy().subjectFor(job.topic(), avro.isKey(), job.schema());
        String what = "registry subject " + subject + " (job " + job.jobId() + ")";
        try {
            Optional<RegisteredSchema> registered = registry.lookup(subject, job.schema());
            if (registered.isPresent()) {
                return CheckResult.ok(what, "schema " + job.schema().getName() + " registered as id "
                        + registered.get().id() + ", version " + registered.get().version());
            }
            if (!registry.testCompatibility(subject, job.schema())) {
                return CheckResult.fail(what, "schema " + job.schema().getName()
                        + " is not compatible with the latest version - evolve it compatibly or change the subject's compatibility");
            }
            return avro.isAutoRegister()
                    ? CheckResult.ok(what, "schema not registered yet, compatible; the first run registers it")
                    : CheckResult.fail(what, "schema not registered and wla.registry.auto-register=false - register it");
        } catch (RegistryAuthException e) {
            // as a failed run says it: which registry, and the wla.registry.* options to check
            return CheckResult.fail(what, FailureDescription.of(e));
        } catch (Exception e) {
            return CheckResult.fail(what, oneLine(e));
        }
    }

    private static String oneLine(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() != null ? root.getMessage() : root.getClass().getSimpleName();
        return message.replaceAll("\\s*\\R\\s*", " ");
    }
}
