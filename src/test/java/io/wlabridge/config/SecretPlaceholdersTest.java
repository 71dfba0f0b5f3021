package io.wlabridge.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Properties;

import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.spi.PropertiesFunction;
import org.junit.jupiter.api.Test;

/** Placeholders in settings: what the raw value is, and one line without values when one does not resolve. */
class SecretPlaceholdersTest {

    static Settings settings(DefaultCamelContext context, String... keyValues) {
        Properties properties = new Properties();
        for (int i = 0; i < keyValues.length; i += 2) {
            properties.setProperty(keyValues[i], keyValues[i + 1]);
        }
        context.getPropertiesComponent().setInitialProperties(properties);
        return new Settings(context);
    }

    @Test
    void keyVaultPlaceholderWithoutAVaultConfiguredNamesThePropertyAndCamelsKeys() {
        // the azure function is camel-azure-key-vault's own, found on the classpath as in production
        Settings settings = settings(new DefaultCamelContext(), "wla.registry.basic-password", "{{azure:sr-secret:fallback-9f}}");
        assertThatThrownBy(() -> settings.get(WlaOptions.REGISTRY_BASIC_PASSWORD))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("wla.registry.basic-password is {{azure:sr-secret}} but no Key Vault is configured")
                .hasMessageContaining("camel.vault.azure.vaultName")
                .hasMessageNotContaining("fallback-9f");
    }

    @Test
    void unsetEnvironmentVariableIsAnErrorNotAnEmptyValue() {
        Settings settings = settings(new DefaultCamelContext(), "wla.kafka.sasl-password", "{{env:WLA_TEST_NEVER_SET_7F3}}");
        assertThatThrownBy(() -> settings.get(WlaOptions.KAFKA_SASL_PASSWORD))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("wla.kafka.sasl-password is {{env:WLA_TEST_NEVER_SET_7F3}} but")
                .hasMessageContaining("WLA_TEST_NEVER_SET_7F3");
    }

    @Test
    void secretThatIsNotJsonIsNotQuotedWhenItsFieldIsAsked() {
        DefaultCamelContext context = new DefaultCamelContext();
        context.getPropertiesComponent().addPropertiesFunction(new PropertiesFunction() {
            @Override
            public String getName() {
                return "azure";
            }

            @Override
            public String apply(String remainder) {
                throw new org.apache.camel.RuntimeCamelException("Error getting secret",
                        new com.fasterxml.jackson.core.JsonParseException(null, "Unrecognized token 'plain-secret-41'"));
            }
        });
        Settings settings = settings(context, "wla.datasource.password", "{{azure:db#password}}");
        assertThatThrownBy(() -> settings.get(WlaOptions.DATASOURCE_PASSWORD))
                .hasMessage("wla.datasource.password is {{azure:db}} but the secret is not JSON, so its #field cannot be read");
    }

    @Test
    void keyVaultSecretNamesAreReadFromTheRawValue() {
        assertThat(SecretPlaceholders.keyVaultSecrets("{{azure:db#password:x}}-{{env:A}}{{azure:other@0a1b}}"))
                .containsExactly("db", "other");
        assertThat(SecretPlaceholders.keyVaultSecrets("plain")).isEmpty();
        assertThat(SecretPlaceholders.keyVaultSecrets(null)).isEmpty();
    }
}
