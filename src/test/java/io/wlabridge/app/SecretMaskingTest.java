package io.wlabridge.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.CamelContextHelper;
import org.apache.camel.util.SensitiveUtils;
import org.junit.jupiter.api.Test;

import io.wlabridge.config.ConfigOption;
import io.wlabridge.config.WlaOptions;

/** Camel masks exactly the secret settings, by the check its property-placeholders summary uses. */
class SecretMaskingTest {

    @Test
    void everySecretSettingIsMaskedByCamel() throws Exception {
        try (CamelContext context = new DefaultCamelContext()) {
            SecretMasking.configure(context);
            assertThat(WlaOptions.SECRETS).isNotEmpty().allSatisfy(secret -> assertThat(
                    CamelContextHelper.containsSensitive(context, secret.name())).as(secret.name()).isTrue());
        }
    }

    @Test
    void noOtherSettingIsMaskedBesidesTheKeysCamelItselfMasks() throws Exception {
        try (CamelContext context = new DefaultCamelContext()) {
            SecretMasking.configure(context);
            List<String> masked = WlaOptions.ALL.stream().filter(o -> !o.secret()).map(ConfigOption::name)
                    .filter(name -> CamelContextHelper.containsSensitive(context, name)).toList();
            // Camel's own list (SensitiveUtils) masks keys ending in user, username and client-id: those stay masked
            assertThat(masked).allMatch(SensitiveUtils::containsSensitive, "masked by Camel's own list only")
                    .containsExactlyInAnyOrder("wla.datasource.username", "wla.kafka.oauth.client-id", "wla.automic.user",
                            "wla.overview.user");
        }
    }

    @Test
    void keywordsConfiguredInCamelMainAreKept() throws Exception {
        try (CamelContext context = new DefaultCamelContext()) {
            context.getCamelContextExtension().setAdditionalSensitiveKeywords("pin");
            SecretMasking.configure(context);
            assertThat(CamelContextHelper.containsSensitive(context, "my.pin")).isTrue();
            assertThat(CamelContextHelper.containsSensitive(context, WlaOptions.ESCALATION_WEBHOOK_TOKEN.name())).isTrue();
        }
    }
}
