package io.wlabridge.job;

import java.sql.SQLException;

import io.wlabridge.config.ConfigException;
import io.wlabridge.registry.RegistryAuthException;
import io.wlabridge.registry.RegistryException;
import io.wlabridge.registry.RegistryUnavailableException;

/** Turns the cause of a failed run into one line: what was wrong and what to do. */
public final class FailureDescription {

    private FailureDescription() {
    }

    public static String of(Throwable failure) {
        Throwable cause = rootOfInterest(failure);
        Throwable told = insideKafkaClientSetup(cause);
        String what = oneLine(told.getMessage() != null ? told.getMessage() : told.getClass().getSimpleName());
        return what + (told != cause
                ? " - check the Kafka security settings: wla.kafka.sasl-*, wla.kafka.oauth.* and the truststores"
                : hint(cause));
    }

    /** As {@link #of}, and a query the database rejects said as such with the job and where its query is. */
    public static String of(Throwable failure, JobDefinition job) {
        return job == null ? of(failure) : ofQuery(failure, job.jobId(), job.querySource());
    }

    /**
     * A failure of a job's query: a table or column the database does not have (SQLSTATE class 42, e.g. PostgreSQL's
     * 42P01 undefined table) is said as such with the job and its query; anything else as {@link #of}.
     *
     * @param query the query's file (routes/&lt;job-id&gt;.sql) or where the inline query is
     */
    public static String ofQuery(Throwable failure, String jobId, String query) {
        SQLException sql = sqlException(failure);
        if (sql != null && sql.getSQLState() != null && sql.getSQLState().startsWith("42")) {
            return "the database rejects the query of job " + jobId + " (" + query + "): " + oneLine(String.valueOf(sql.getMessage()))
                    + " [SQLSTATE " + sql.getSQLState() + "] - a table or column it names is missing or misspelt:"
                    + " fix " + query + " or the database (wla.datasource.url names the database)";
        }
        return of(failure);
    }

    private static SQLException sqlException(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException sql) {
                return sql;
            }
        }
        return null;
    }

    private static String hint(Throwable cause) {
        if (cause instanceof ConfigException) {
            return "";
        }
        if (cause instanceof RegistryUnavailableException && cause.getCause() instanceof javax.net.ssl.SSLException) {
            return " - check that wla.registry.ssl-truststore-location (and -type, -password) trusts the registry's certificate";
        }
        if (cause instanceof RegistryUnavailableException) {
            return " - check wla.registry.url and that the Schema Registry is reachable";
        }
        if (cause instanceof RegistryAuthException) {
            return " - check wla.registry.auth, wla.registry.basic-user and wla.registry.basic-password (basic) or"
                    + " wla.registry.bearer-source, wla.registry.bearer-scope and wla.kafka.oauth.* (bearer)";
        }
        if (cause instanceof RegistryException) {
            return " - check the job's schema and the registry subject";
        }
        if (writesToReadOnlySource(cause)) {
            return " - the job's query writes, but its source is read-only (wla.source.<name>.read-only): a job may only"
                    + " read its source; change the query";
        }
        if (cause instanceof SQLException || cause.getClass().getName().startsWith("org.springframework.dao")) {
            return " - check wla.datasource.url, the credentials and that the database is reachable";
        }
        if (cause instanceof org.apache.kafka.common.errors.AuthenticationException) {
            return " - Kafka refused the login: check wla.kafka.oauth.scope (the token's audience) and"
                    + " wla.kafka.oauth.authority (its issuer) for OAUTHBEARER, else wla.kafka.sasl-username and -password";
        }
        if (cause.getClass().getName().startsWith("org.apache.kafka")) {
            return " - check wla.kafka.bootstrap-servers, security settings and that Kafka is reachable";
        }
        return "";
    }

    /**
     * What to check once the broker refused the bridge's login (not a Kafka outage: waiting does not help): for
     * OAUTHBEARER the token's audience and issuer, else the SASL user and password.
     */
    public static String kafkaLoginHint(boolean oauthBearer) {
        return oauthBearer
                ? " - the broker refused the OAuth token: check that wla.kafka.oauth.scope gives the audience the broker"
                        + " expects and that wla.kafka.oauth.authority is the issuer it trusts (its JWKS)"
                : " - the broker refused the login: check wla.kafka.sasl-mechanism, wla.kafka.sasl-username and"
                        + " wla.kafka.sasl-password";
    }

    /** Whether Kafka client properties log in with OAUTHBEARER. */
    public static boolean oauthBearer(java.util.Map<?, ?> clientProperties) {
        return "OAUTHBEARER".equalsIgnoreCase(String.valueOf(clientProperties.get("sasl.mechanism")));
    }

    /** SQLSTATE 25006 (PostgreSQL, MariaDB, MySQL) or Oracle's ORA-01456: a write in a read-only transaction. */
    private static boolean writesToReadOnlySource(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException sql && ("25006".equals(sql.getSQLState()) || sql.getErrorCode() == 1456
                    && String.valueOf(sql.getMessage()).startsWith("ORA-"))) {
                return true;
            }
        }
        return false;
    }

    /** The most telling exception in the chain: ours or a library's, not Camel's wrappers. */
    private static Throwable rootOfInterest(Throwable failure) {
        Throwable current = failure;
        while (current.getCause() != null && current.getCause() != current
                && (current.getClass().getName().startsWith("org.apache.camel")
                        || current instanceof java.util.concurrent.ExecutionException
                        || current.getClass() == RuntimeException.class)) {
            current = current.getCause();
        }
        return current;
    }

    /**
     * "Failed to construct kafka producer" says nothing by itself: a client that cannot be built (login refused, token
     * issuer unreachable, truststore unreadable) carries the reason in its causes.
     */
    private static Throwable insideKafkaClientSetup(Throwable cause) {
        Throwable current = cause;
        while (current.getCause() != null && current.getCause() != current
                && (current.getClass() == org.apache.kafka.common.KafkaException.class
                        || current instanceof javax.security.auth.login.LoginException)) {
            current = current.getCause();
        }
        return current;
    }

    static String oneLine(String text) {
        return text.replaceAll("\\s*\\R\\s*", " ");
    }
}
