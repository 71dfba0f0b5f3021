package io.wlabridge.kafka;

import static io.wlabridge.config.WlaOptions.*;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

import io.wlabridge.config.ConfigException;
import io.wlabridge.config.ConfigOption;

/**
 * The OAUTHBEARER settings as {@link EntraTokenCallbackHandler} reads them: the JAAS options of
 * {@code sasl.jaas.config}, which Kafka treats as a Password and never logs. {@code toString()} hides secrets.
 */
record EntraTokenSettings(String authority, String clientId, String clientSecret, String certificatePath,
        String certificatePassword, boolean managedIdentity, String managedIdentityClientId, String scope,
        String logicalCluster, String identityPoolId, String trustStore, String trustStorePassword, String trustStoreType) {

    static final String DEFAULT_AUTHORITY_HOST = "https://login.microsoftonline.com/";

    /** Entra ID's login hosts, public and sovereign clouds (msal4j's trusted hosts); any other is an OIDC issuer. */
    private static final java.util.Set<String> ENTRA_HOSTS = java.util.Set.of("login.microsoftonline.com",
            "login.microsoft.com", "login.windows.net", "sts.windows.net", "login.microsoftonline.us",
            "login-us.microsoftonline.com", "login.usgovcloudapi.net", "login.chinacloudapi.cn",
            "login.partner.microsoftonline.cn", "login.microsoftonline.de", "login.sovcloud-identity.fr",
            "login.sovcloud-identity.de");
    private static final java.util.List<String> STORE_TYPES = java.util.List.of("JKS", "PKCS12", "PEM");

    /** JAAS option names, in the order they are written. */
    private static final Map<String, ConfigOption> OPTIONS = new LinkedHashMap<>();

    static {
        OPTIONS.put("authority", KAFKA_OAUTH_AUTHORITY);
        OPTIONS.put("clientId", KAFKA_OAUTH_CLIENT_ID);
        OPTIONS.put("clientSecret", KAFKA_OAUTH_CLIENT_SECRET);
        OPTIONS.put("certificatePath", KAFKA_OAUTH_CERTIFICATE_PATH);
        OPTIONS.put("certificatePassword", KAFKA_OAUTH_CERTIFICATE_PASSWORD);
        OPTIONS.put("managedIdentity", KAFKA_OAUTH_MANAGED_IDENTITY);
        OPTIONS.put("managedIdentityClientId", KAFKA_OAUTH_MANAGED_IDENTITY_CLIENT_ID);
        OPTIONS.put("scope", KAFKA_OAUTH_SCOPE);
        OPTIONS.put("logicalCluster", KAFKA_OAUTH_LOGICAL_CLUSTER);
        OPTIONS.put("identityPoolId", KAFKA_OAUTH_IDENTITY_POOL_ID);
        OPTIONS.put("trustStore", KAFKA_OAUTH_TRUSTSTORE_LOCATION);
        OPTIONS.put("trustStorePassword", KAFKA_OAUTH_TRUSTSTORE_PASSWORD);
        OPTIONS.put("trustStoreType", KAFKA_OAUTH_TRUSTSTORE_TYPE);
    }

    /** Validates the {@code wla.kafka.oauth.*} settings and returns them as JAAS options ({@code  key="value"...}). */
    static String jaasOptions(Function<ConfigOption, String> setting) {
        Map<String, String> values = validatedValues(setting);
        StringBuilder jaas = new StringBuilder();
        values.forEach((key, value) -> {
            if (!value.isEmpty()) {
                jaas.append(KafkaSecurity.jaasOption(key, value));
            }
        });
        return jaas.toString();
    }

    /** The {@code wla.kafka.oauth.*} settings by JAAS option name, authority resolved from the tenant, validated. */
    static Map<String, String> validatedValues(Function<ConfigOption, String> setting) {
        Map<String, String> values = new LinkedHashMap<>();
        OPTIONS.forEach((key, option) -> values.put(key, setting.apply(option).trim()));
        String authority = values.get("authority");
        if (authority.isEmpty()) {
            String tenant = setting.apply(KAFKA_OAUTH_TENANT_ID).trim();
            if (tenant.isEmpty() && !Boolean.parseBoolean(values.get("managedIdentity"))) {
                throw new ConfigException(KAFKA_OAUTH_TENANT_ID.name() + " is not set but OAUTHBEARER needs it (or "
                        + KAFKA_OAUTH_AUTHORITY.name() + "): " + KAFKA_OAUTH_TENANT_ID.doc());
            }
            values.put("authority", tenant.isEmpty() ? "" : DEFAULT_AUTHORITY_HOST + tenant);
        } else if (!authority.startsWith("https://")) {
            throw new ConfigException(KAFKA_OAUTH_AUTHORITY.name() + " is '" + authority
                    + "' but must be an https URL (client credentials travel over TLS only)");
        }
        String storeType = values.get("trustStoreType").toUpperCase(java.util.Locale.ROOT);
        if (!values.get("trustStore").isEmpty() && !STORE_TYPES.contains(storeType)) {
            throw new ConfigException(KAFKA_OAUTH_TRUSTSTORE_TYPE.name() + " is '" + values.get("trustStoreType")
                    + "' but must be one of " + STORE_TYPES);
        }
        from(values).validate();
        return values;
    }

    static EntraTokenSettings from(Map<String, ?> options) {
        Function<String, String> get = key -> options.get(key) == null ? "" : options.get(key).toString().trim();
        String managed = get.apply("managedIdentity");
        if (!managed.isEmpty() && !managed.equalsIgnoreCase("true") && !managed.equalsIgnoreCase("false")) {
            throw new ConfigException(KAFKA_OAUTH_MANAGED_IDENTITY.name() + " is '" + managed + "' but must be true or false");
        }
        return new EntraTokenSettings(get.apply("authority"), get.apply("clientId"), get.apply("clientSecret"),
                get.apply("certificatePath"), get.apply("certificatePassword"), Boolean.parseBoolean(managed),
                get.apply("managedIdentityClientId"), get.apply("scope"), get.apply("logicalCluster"),
                get.apply("identityPoolId"), get.apply("trustStore"), get.apply("trustStorePassword"),
                get.apply("trustStoreType"));
    }

    void validate() {
        if (scope.isEmpty()) {
            throw new ConfigException(KAFKA_OAUTH_SCOPE.name() + " is not set but OAUTHBEARER needs it: " + KAFKA_OAUTH_SCOPE.doc());
        }
        if (managedIdentity) {
            return;
        }
        if (clientId.isEmpty()) {
            throw new ConfigException(KAFKA_OAUTH_CLIENT_ID.name() + " is not set but OAUTHBEARER needs it (or "
                    + KAFKA_OAUTH_MANAGED_IDENTITY.name() + "=true)");
        }
        if (clientSecret.isEmpty() == certificatePath.isEmpty()) {
            throw new ConfigException("set exactly one of " + KAFKA_OAUTH_CLIENT_SECRET.name() + " and "
                    + KAFKA_OAUTH_CERTIFICATE_PATH.name() + " (or " + KAFKA_OAUTH_MANAGED_IDENTITY.name() + "=true)");
        }
    }

    /** These settings with the client secret rotated since they were configured, if it was ({@link RotatedCredentials}). */
    EntraTokenSettings withRotatedSecret() {
        if (clientSecret.isEmpty()) {
            return this;
        }
        String current = RotatedCredentials.clientSecret(clientId, clientSecret);
        return current.equals(clientSecret) ? this : new EntraTokenSettings(authority, clientId, current,
                certificatePath, certificatePassword, managedIdentity, managedIdentityClientId, scope, logicalCluster,
                identityPoolId, trustStore, trustStorePassword, trustStoreType);
    }

    /**
     * An Entra ID authority (login.microsoftonline.com, a sovereign cloud's login host, a b2clogin.com or ciamlogin.com
     * tenant): msal4j's Entra behaviour. Any other https authority is an OpenID Connect issuer ({@link OidcTokenSource}).
     */
    boolean entraAuthority() {
        String host;
        try {
            host = java.net.URI.create(authority).getHost();
        } catch (IllegalArgumentException e) {
            return false;
        }
        host = host == null ? "" : host.toLowerCase(java.util.Locale.ROOT);
        return ENTRA_HOSTS.contains(host) || host.endsWith(".b2clogin.com") || host.endsWith(".ciamlogin.com");
    }

    @Override
    public String toString() {
        return "EntraTokenSettings[authority=" + authority + ", clientId=" + clientId + ", clientSecret="
                + (clientSecret.isEmpty() ? "" : "(hidden)") + ", certificatePath=" + certificatePath
                + ", managedIdentity=" + managedIdentity + ", managedIdentityClientId=" + managedIdentityClientId
                + ", scope=" + scope + ", logicalCluster=" + logicalCluster + ", identityPoolId=" + identityPoolId
                + ", trustStore=" + trustStore + ", trustStoreType=" + trustStoreType + "]";
    }
}
