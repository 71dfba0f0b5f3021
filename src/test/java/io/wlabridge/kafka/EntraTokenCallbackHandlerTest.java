package io.wlabridge.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import javax.security.auth.callback.Callback;
import javax.security.auth.login.AppConfigurationEntry;

import org.apache.kafka.common.security.auth.SaslExtensionsCallback;
import org.apache.kafka.common.security.oauthbearer.OAuthBearerToken;
import org.junit.jupiter.api.Test;

import io.wlabridge.config.ConfigException;

class EntraTokenCallbackHandlerTest {

    static String jwt(String claimsJson) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        return b64.encodeToString("{\"alg\":\"RS256\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(claimsJson.getBytes(StandardCharsets.UTF_8)) + ".c2ln";
    }

    static AppConfigurationEntry jaas(Map<String, String> options) {
        return new AppConfigurationEntry(KafkaSecurity.OAUTH_LOGIN_MODULE,
                AppConfigurationEntry.LoginModuleControlFlag.REQUIRED, options);
    }

    @Test
    void tokenCarriesPrincipalFromSubOrAppidAndItsTimes() throws Exception {
        OAuthBearerToken entraV1 = EntraTokenCallbackHandler.bearerToken(
                jwt("{\"appid\":\"app-1\",\"iat\":1700000000}"), "api://x/.default", 1700003600000L);
        assertThat(entraV1.principalName()).isEqualTo("app-1");
        assertThat(entraV1.startTimeMs()).isEqualTo(1700000000000L);
        assertThat(entraV1.lifetimeMs()).isEqualTo(1700003600000L);
        assertThat(entraV1.scope()).containsExactly("api://x/.default");
        assertThat(EntraTokenCallbackHandler.bearerToken(jwt("{\"sub\":\"s\",\"appid\":\"a\"}"), "x", 1L)
                .principalName()).isEqualTo("s");
        assertThatThrownBy(() -> EntraTokenCallbackHandler.bearerToken(jwt("{\"iss\":\"i\"}"), "x", 1L))
                .hasMessageContaining("sub, appid, azp");
    }

    @Test
    void confluentExtensionsComeFromTheJaasOptions() throws Exception {
        EntraTokenCallbackHandler handler = new EntraTokenCallbackHandler();
        handler.configure(Map.of(), "OAUTHBEARER", List.of(jaas(Map.of("managedIdentity", "true",
                "scope", "api://c/.default",
                "logicalCluster", "lkc-1", "identityPoolId", "pool-1"))));
        SaslExtensionsCallback extensions = new SaslExtensionsCallback();
        handler.handle(new Callback[] {extensions});
        assertThat(extensions.extensions().map()).containsEntry("logicalCluster", "lkc-1")
                .containsEntry("identityPoolId", "pool-1");
    }

    @Test
    void entraLoginHostsKeepMsal4jAnyOtherAuthorityIsAnOidcIssuer() {
        for (String entra : List.of("https://login.microsoftonline.com/t", "https://login.microsoftonline.us/t",
                "https://login.chinacloudapi.cn/t", "https://contoso.b2clogin.com/t", "https://contoso.ciamlogin.com/t")) {
            assertThat(EntraTokenSettings.from(Map.of("authority", entra)).entraAuthority()).as(entra).isTrue();
        }
        // a Keycloak on a login.* host is no Entra ID
        for (String oidc : List.of("https://login.example.org/realms/kafka", "https://keycloak.example.org/realms/kafka",
                "https://dev-123.okta.com/oauth2/default")) {
            assertThat(EntraTokenSettings.from(Map.of("authority", oidc)).entraAuthority()).as(oidc).isFalse();
        }
    }

    @Test
    void issuerTruststoreTypeIsJksPkcs12OrPem() {
        Map<String, String> settings = Map.of("wla.kafka.oauth.authority", "https://keycloak.example.org/realms/kafka",
                "wla.kafka.oauth.client-id", "c", "wla.kafka.oauth.client-secret", "s", "wla.kafka.oauth.scope", "kafka",
                "wla.kafka.oauth.ssl-truststore-location", "/etc/ca.pem", "wla.kafka.oauth.ssl-truststore-type", "P12");
        assertThatThrownBy(() -> EntraTokenSettings.validatedValues(o -> settings.getOrDefault(o.name(), o.defaultValue())))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("wla.kafka.oauth.ssl-truststore-type is 'P12'")
                .hasMessageContaining("PEM");
    }

    @Test
    void managedIdentityNeedsOnlyTheScope() {
        EntraTokenSettings settings = EntraTokenSettings.from(Map.of("managedIdentity", "true", "scope", "s"));
        settings.validate();
        assertThat(settings.managedIdentity()).isTrue();
        assertThatThrownBy(() -> EntraTokenSettings.from(Map.of("managedIdentity", "true")).validate())
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("wla.kafka.oauth.scope is not set");
    }
}
