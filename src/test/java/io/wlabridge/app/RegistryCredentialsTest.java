package io.wlabridge.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.wlabridge.config.ConfigException;
import io.wlabridge.config.Settings;
import io.wlabridge.registry.RegistryAuth;

/** {@code wla.registry.auth} and the registry truststore settings: what they produce, and one line per mistake. */
class RegistryCredentialsTest {

    static Settings settings(String... keyValues) {
        Properties properties = new Properties();
        for (int i = 0; i < keyValues.length; i += 2) {
            properties.setProperty(keyValues[i], keyValues[i + 1]);
        }
        DefaultCamelContext context = new DefaultCamelContext();
        context.getPropertiesComponent().setInitialProperties(properties);
        return new Settings(context);
    }

    @Test
    void noneIsTheDefaultAndSendsNoHeaders() {
        assertThat(RegistryCredentials.auth(settings()).get()).isEmpty();
    }

    @Test
    void basicSendsTheApiKeyAndSecret() {
        RegistryAuth auth = RegistryCredentials.auth(settings("wla.registry.auth", "basic",
                "wla.registry.basic-user", "KEY", "wla.registry.basic-password", "s3cret"));
        assertThat(auth.get()).isEqualTo(RegistryAuth.basic("KEY", "s3cret").get());
        assertThat(auth.toString()).doesNotContain("s3cret");
    }

    @Test
    void basicWithoutUserOrPasswordNamesTheMissingProperty() {
        assertThatThrownBy(() -> RegistryCredentials.auth(settings("wla.registry.auth", "basic",
                "wla.registry.basic-password", "s3cret")))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("wla.registry.basic-user is not set but wla.registry.auth=basic needs it")
                .hasMessageNotContaining("s3cret");
        assertThatThrownBy(() -> RegistryCredentials.auth(settings("wla.registry.auth", "basic",
                "wla.registry.basic-user", "KEY")))
                .hasMessageStartingWith("wla.registry.basic-password is not set");
    }

    @Test
    void staticBearerSendsTheTokenAndConfluentHeaders() {
        RegistryAuth auth = RegistryCredentials.auth(settings("wla.registry.auth", "bearer",
                "wla.registry.bearer-source", "static", "wla.registry.bearer-token", "tok-1",
                "wla.registry.logical-cluster", "lsrc-1", "wla.registry.identity-pool-id", "pool-1"));
        assertThat(auth.get()).containsEntry("Authorization", "Bearer tok-1")
                .containsEntry("target-sr-cluster", "lsrc-1").containsEntry("Confluent-Identity-Pool-Id", "pool-1");
    }

    @Test
    void invalidCombinationsNameTheProperty() {
        assertThatThrownBy(() -> RegistryCredentials.auth(settings("wla.registry.auth", "kerberos")))
                .hasMessage("wla.registry.auth is 'kerberos' but must be none, basic or bearer");
        assertThatThrownBy(() -> RegistryCredentials.auth(settings("wla.registry.auth", "bearer",
                "wla.registry.bearer-source", "static")))
                .hasMessageStartingWith("wla.registry.bearer-token is not set but wla.registry.bearer-source=static needs it");
        assertThatThrownBy(() -> RegistryCredentials.auth(settings("wla.registry.auth", "bearer",
                "wla.registry.bearer-source", "vault")))
                .hasMessage("wla.registry.bearer-source is 'vault' but must be oauth or static");
        assertThatThrownBy(() -> RegistryCredentials.auth(settings("wla.registry.auth", "bearer")))
                .hasMessageStartingWith("wla.registry.bearer-scope is not set but wla.registry.bearer-source=oauth needs it");
        assertThatThrownBy(() -> RegistryCredentials.auth(settings("wla.registry.auth", "bearer",
                "wla.registry.bearer-scope", "api://sr/.default", "wla.kafka.oauth.tenant-id", "t")))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("wla.kafka.oauth.client-id is not set");
    }

    @Test
    void truststoreIsOptionalAndAnUnreadableOneNamesItsProperties(@TempDir Path dir) throws Exception {
        assertThat(RegistryTls.sslContext(settings())).isNull();
        Path notPem = Files.writeString(dir.resolve("ca.pem"), "not a certificate");
        assertThatThrownBy(() -> RegistryTls.sslContext(settings("wla.registry.ssl-truststore-location", notPem.toString(),
                "wla.registry.ssl-truststore-type", "PEM")))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("wla.registry.ssl-truststore-location '" + notPem + "' cannot be read as PEM");
        assertThatThrownBy(() -> RegistryTls.sslContext(settings("wla.registry.ssl-truststore-location", notPem.toString(),
                "wla.registry.ssl-truststore-type", "P7B")))
                .hasMessage("wla.registry.ssl-truststore-type is 'P7B' but must be one of [JKS, PKCS12, PEM]");
    }
}
