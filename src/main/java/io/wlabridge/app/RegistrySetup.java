package io.wlabridge.app;

import java.time.Duration;

import io.wlabridge.config.ConfigException;
import io.wlabridge.config.Settings;
import io.wlabridge.config.WlaOptions;
import io.wlabridge.registry.RegistryAvroDataFormat;
import io.wlabridge.registry.RegistryClientConfig;
import io.wlabridge.registry.SchemaRegistryClient;
import io.wlabridge.registry.SubjectNameStrategy;

/** The Schema Registry connection from {@code wla.registry.*}, as the registry data format jobs marshal with. */
public final class RegistrySetup {

    private RegistrySetup() {
    }

    public static RegistryAvroDataFormat dataFormat(Settings settings) {
        RegistryAvroDataFormat avro = new RegistryAvroDataFormat();
        avro.setClient(client(settings));
        avro.setAutoRegister(settings.getBoolean(WlaOptions.REGISTRY_AUTO_REGISTER));
        String strategy = settings.get(WlaOptions.REGISTRY_SUBJECT_STRATEGY);
        try {
            avro.setSubjectNameStrategy(SubjectNameStrategy.parse(strategy));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(WlaOptions.REGISTRY_SUBJECT_STRATEGY.name() + " is '" + strategy
                    + "': use TopicNameStrategy, RecordNameStrategy or TopicRecordNameStrategy");
        }
        return avro;
    }

    /** A registry client with the credentials the settings hold now (also used when a secret rotates). */
    static SchemaRegistryClient client(Settings settings) {
        Duration timeout = Duration.ofMillis(settings.getLong(WlaOptions.REGISTRY_TIMEOUT_MS));
        RegistryClientConfig config;
        try {
            config = RegistryClientConfig.of(settings.get(WlaOptions.REGISTRY_URL))
                    .withTimeouts(timeout, timeout)
                    .withRetries(settings.getInt(WlaOptions.REGISTRY_RETRIES), Duration.ofMillis(500), Duration.ofSeconds(10))
                    .withAuth(RegistryCredentials.auth(settings))
                    .withSslContext(RegistryTls.sslContext(settings));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(WlaOptions.REGISTRY_URL.name() + " is not a valid URL list: " + e.getMessage());
        }
        return new SchemaRegistryClient(config);
    }
}
