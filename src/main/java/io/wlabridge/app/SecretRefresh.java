package io.wlabridge.app;

import static io.wlabridge.config.WlaOptions.*;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import com.zaxxer.hikari.HikariDataSource;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.PropertiesComponent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.wlabridge.config.ConfigException;
import io.wlabridge.config.ConfigOption;
import io.wlabridge.config.SecretPlaceholders;
import io.wlabridge.config.Settings;
import io.wlabridge.config.WlaOptions;
import io.wlabridge.kafka.RotatedCredentials;
import io.wlabridge.registry.RegistryAvroDataFormat;

/**
 * Picks up rotated Azure Key Vault secrets without a restart (service only). Every
 * {@code wla.secrets.refresh-period-ms} it resolves again each secret setting whose configured value uses
 * {@code {{azure:...}}} and applies a changed value where the bridge can apply it live: the database password (new
 * pool connections use it, idle ones are replaced) and the registry's basic password or static bearer token (a new
 * registry client), the Kafka SASL password (PLAIN, SCRAM: the next login of a Kafka client asks for it) and the
 * OAuth client secret (the next token request uses it). Every other secret (TLS passwords, the overview's operator password, Automic) is used as the
 * service started: its rotation is logged as needing a restart. Logs name the setting, never the value; only digests of the values are kept here.
 * <p>
 * Camel's own Key Vault refresh ({@code camel.vault.azure.refreshEnabled}) reloads the Camel context on an Event Hubs
 * event; it cannot re-create the pool, the registry client or the Kafka configuration the bridge builds once at start.
 */
public final class SecretRefresh {

    private static final Logger LOG = LoggerFactory.getLogger(SecretRefresh.class);


    private final Settings settings;
    private final HikariDataSource dataSource;
    /** The sources' pools by their password setting (wla.source.&lt;name&gt;.password). */
    private final Map<ConfigOption, HikariDataSource> sourcePools = new LinkedHashMap<>();
    private final RegistryAvroDataFormat avro;
    private final Map<ConfigOption, String> digests = new LinkedHashMap<>();

    private SecretRefresh(Settings settings, HikariDataSource dataSource, RegistryAvroDataFormat avro) {
        this.settings = settings;
        this.dataSource = dataSource;
        this.avro = avro;
    }

    /** Starts watching the Key Vault secrets, if any setting uses one and the period is not 0; stops with the context. */
    public static void start(CamelContext context, Settings settings, HikariDataSource dataSource,
            Map<String, HikariDataSource> sources, RegistryAvroDataFormat avro) {
        long period = settings.getLong(SECRETS_REFRESH_PERIOD_MS);
        SecretRefresh refresh = new SecretRefresh(settings, dataSource, avro);
        sources.forEach((name, pool) -> refresh.sourcePools.put(WlaOptions.source(SOURCE_PASSWORD, name), pool));
        PropertiesComponent properties = context.getPropertiesComponent();
        List<ConfigOption> watched = new java.util.ArrayList<>(SECRETS);
        watched.addAll(refresh.sourcePools.keySet());
        for (ConfigOption option : watched) {
            if (!SecretPlaceholders.keyVaultSecrets(SecretPlaceholders.raw(properties, option)).isEmpty()) {
                refresh.digests.put(option, digest(settings.get(option)));
            }
        }
        if (period <= 0 || refresh.digests.isEmpty()) {
            return;
        }
        LOG.info("Key Vault secrets of {} are read again every {} ms", refresh.digests.keySet().stream()
                .map(ConfigOption::name).toList(), period);
        ScheduledExecutorService timer = context.getExecutorServiceManager()
                .newSingleThreadScheduledExecutor(refresh, "wla-secret-refresh");
        timer.scheduleWithFixedDelay(refresh::refresh, period, period, TimeUnit.MILLISECONDS);
    }

    /** Resolves every watched secret again and applies those that changed. */
    void refresh() {
        for (Map.Entry<ConfigOption, String> watched : digests.entrySet()) {
            ConfigOption option = watched.getKey();
            try {
                String value = settings.get(option);
                String digest = digest(value);
                if (!digest.equals(watched.getValue())) {
                    apply(option, value);
                    watched.setValue(digest);
                }
            } catch (RuntimeException e) {
                // ConfigException messages name the property and the secret, never the value
                LOG.warn("cannot read secret {} again; the bridge keeps the current value: {}", option.name(), e.getMessage());
            }
        }
    }

    private void apply(ConfigOption option, String value) {
        if (option == DATASOURCE_PASSWORD || sourcePools.containsKey(option)) {
            HikariDataSource pool = option == DATASOURCE_PASSWORD ? dataSource : sourcePools.get(option);
            pool.getHikariConfigMXBean().setPassword(value);
            // idle connections are replaced now, busy ones when they are returned
            pool.getHikariPoolMXBean().softEvictConnections();
            LOG.info("secret {} rotated in Key Vault: new database connections use the new value", option.name());
        } else if (option == REGISTRY_BASIC_PASSWORD || option == REGISTRY_BEARER_TOKEN
                || option == REGISTRY_SSL_TRUSTSTORE_PASSWORD) {
            avro.setClient(RegistrySetup.client(settings));
            LOG.info("secret {} rotated in Key Vault: the next registry request uses the new value", option.name());
        } else if (option == KAFKA_SASL_PASSWORD) {
            RotatedCredentials.rotateSaslPassword(settings.get(KAFKA_SASL_USERNAME), value);
            LOG.info("secret {} rotated in Key Vault: new Kafka connections and re-authentications use the new value"
                    + " (connections already open stay as they are)", option.name());
        } else if (option == KAFKA_OAUTH_CLIENT_SECRET) {
            RotatedCredentials.rotateClientSecret(settings.get(KAFKA_OAUTH_CLIENT_ID).trim(), value);
            LOG.info("secret {} rotated in Key Vault: the next OAuth token request (Kafka and registry) uses the new"
                    + " value", option.name());
        } else {
            // TLS passwords, the overview's operator login and the Automic client keep what
            // they started with
            LOG.warn("secret {} rotated in Key Vault, but the service applies it only at start: restart the service to"
                    + " use the new value", option.name());
        }
    }

    private static String digest(String value) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
