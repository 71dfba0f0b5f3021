package io.wlabridge.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class RegistryAuthTest {

    @Test
    void basicSendsBase64UserAndPassword() {
        assertThat(RegistryAuth.basic("key", "secret").get()).containsExactly(Map.entry("Authorization", "Basic a2V5OnNlY3JldA=="));
    }

    @Test
    void bearerAsksTheSupplierEachTimeAndOmitsUnsetCloudHeaders() {
        int[] calls = {0};
        RegistryAuth bearer = RegistryAuth.bearer(() -> "token-" + ++calls[0], null, " ");

        assertThat(bearer.get()).containsExactly(Map.entry("Authorization", "Bearer token-1"));
        assertThat(bearer.get()).containsExactly(Map.entry("Authorization", "Bearer token-2"));
    }

    @Test
    void noneSendsNothing() {
        assertThat(RegistryAuth.none().get()).isEmpty();
    }

    @Test
    void toStringNeverShowsSecrets() {
        RegistryClientConfig config = RegistryClientConfig.of("https://registry.example:8081")
                .withAuth(RegistryAuth.basic("api-key", "api-secret"));

        assertThat(config.toString()).contains("RegistryAuth[basic]").doesNotContain("api-key").doesNotContain("api-secret");
        assertThat(RegistryAuth.bearer(() -> "tok", "lsrc-1", "pool-1").toString()).isEqualTo("RegistryAuth[bearer]");
    }

    @Test
    void urlsWithCredentialsAreRejectedWithoutEchoingThem() {
        assertThatThrownBy(() -> RegistryClientConfig.of("https://key:secret@registry.example"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("registry.example")
                .hasMessageNotContaining("secret");
    }

    @Test
    void parsesSeveralCommaSeparatedUrls() {
        assertThat(RegistryClientConfig.of("http://a:8081/, http://b:8081").baseUrls())
                .extracting(Object::toString).containsExactly("http://a:8081", "http://b:8081");
    }
}
