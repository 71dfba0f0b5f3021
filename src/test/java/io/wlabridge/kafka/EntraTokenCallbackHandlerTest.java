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
    void managedIdentityNeedsOnlyTheScope() {
        EntraTokenSettings settings = EntraTokenSettings.from(Map.of("managedIdentity", "true", "scope", "s"));
        settings.validate();
        assertThat(settings.managedIdentity()).isTrue();
        assertThatThrownBy(() -> EntraTokenSettings.from(Map.of("managedIdentity", "true")).validate())
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("wla.kafka.oauth.scope is not set");
    }
}
