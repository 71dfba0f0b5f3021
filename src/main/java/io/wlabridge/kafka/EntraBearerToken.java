package io.wlabridge.kafka;

import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

import io.wlabridge.config.ConfigOption;
import io.wlabridge.config.WlaOptions;

/**
 * Access tokens of the {@code wla.kafka.oauth.*} identity for the Schema Registry (the same {@link TokenSource} and
 * cached token as Kafka's OAUTHBEARER login when the scope is the same). Each {@link #get()} returns a cached token
 * or a fresh one when it nears expiry.
 */
public final class EntraBearerToken implements Supplier<String> {

    private final EntraTokenSettings settings;
    private final String forWhat;

    private EntraBearerToken(EntraTokenSettings settings, String forWhat) {
        this.settings = settings;
        this.forWhat = forWhat;
    }

    /** Validates the identity's settings now (a {@code ConfigException} names the property); tokens come later. */
    public static EntraBearerToken of(Function<ConfigOption, String> setting, String scope) {
        Map<String, String> values = EntraTokenSettings.validatedValues(
                option -> option == WlaOptions.KAFKA_OAUTH_SCOPE && !scope.isBlank() ? scope : setting.apply(option));
        return new EntraBearerToken(EntraTokenSettings.from(values), "the Schema Registry");
    }

    /** The tokens Kafka's OAUTHBEARER login gets (scope wla.kafka.oauth.scope), for `check` to try. */
    public static EntraBearerToken forKafka(Function<ConfigOption, String> setting) {
        return new EntraBearerToken(EntraTokenSettings.from(EntraTokenSettings.validatedValues(setting)), "Kafka");
    }

    /** Who asks whom for what, without secrets: for `check` and error lines. */
    public String identity() {
        String who = settings.managedIdentity() ? "the managed identity" : "client " + settings.clientId();
        return who + " from " + settings.authority() + " (scope " + settings.scope() + ")";
    }

    @Override
    public String get() {
        try {
            // looked up per call, not at startup: an OIDC issuer's discovery document is read when the source is set
            // up, and an unreachable issuer should fail a run (which escalates), not the bridge's start
            return TokenSource.of(settings.withRotatedSecret()).acquire().value();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(describe() + "interrupted", e);
        } catch (Exception e) {
            throw new IllegalStateException(describe() + e.getMessage(), e);
        }
    }

    private String describe() {
        return "no OAuth token for " + forWhat + " for " + identity() + ": ";
    }
}
