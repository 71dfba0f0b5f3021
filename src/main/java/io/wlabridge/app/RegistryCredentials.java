package io.wlabridge.app;

import static io.wlabridge.config.WlaOptions.*;

import java.util.Locale;
import java.util.function.Supplier;

import io.wlabridge.config.ConfigException;
import io.wlabridge.config.ConfigOption;
import io.wlabridge.config.Settings;
import io.wlabridge.kafka.EntraBearerToken;
import io.wlabridge.registry.RegistryAuth;

/** The registry client's credentials from {@code wla.registry.auth} and its companions (docs/contracts/schema-registry.md §9). */
final class RegistryCredentials {

    private RegistryCredentials() {
    }

    static RegistryAuth auth(Settings settings) {
        String auth = settings.get(REGISTRY_AUTH).toLowerCase(Locale.ROOT);
        return switch (auth) {
            case "none" -> RegistryAuth.none();
            case "basic" -> RegistryAuth.basic(required(settings, REGISTRY_BASIC_USER, REGISTRY_AUTH.name() + "=basic"),
                    required(settings, REGISTRY_BASIC_PASSWORD, REGISTRY_AUTH.name() + "=basic"));
            case "bearer" -> RegistryAuth.bearer(token(settings), settings.get(REGISTRY_LOGICAL_CLUSTER),
                    settings.get(REGISTRY_IDENTITY_POOL_ID));
            default -> throw new ConfigException(REGISTRY_AUTH.name() + " is '" + auth + "' but must be none, basic or bearer");
        };
    }

    private static Supplier<String> token(Settings settings) {
        String source = settings.get(REGISTRY_BEARER_SOURCE).toLowerCase(Locale.ROOT);
        if (source.equals("static")) {
            String token = required(settings, REGISTRY_BEARER_TOKEN, REGISTRY_BEARER_SOURCE.name() + "=static");
            return () -> token;
        }
        if (!source.equals("oauth")) {
            throw new ConfigException(REGISTRY_BEARER_SOURCE.name() + " is '" + source + "' but must be oauth or static");
        }
        String scope = settings.get(REGISTRY_BEARER_SCOPE);
        if (scope.isEmpty() && settings.get(KAFKA_OAUTH_SCOPE).isEmpty()) {
            throw new ConfigException(REGISTRY_BEARER_SCOPE.name() + " is not set but " + REGISTRY_BEARER_SOURCE.name() + "=oauth needs it (or "
                    + KAFKA_OAUTH_SCOPE.name() + "): "
                    + REGISTRY_BEARER_SCOPE.doc());
        }
        return EntraBearerToken.of(settings::get, scope);
    }

    private static String required(Settings settings, ConfigOption option, String because) {
        String value = settings.get(option);
        if (value.isEmpty()) {
            throw new ConfigException(option.name() + " is not set but " + because + " needs it: " + option.doc());
        }
        return value;
    }
}
