package io.wlabridge.kafka;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.UnsupportedCallbackException;
import javax.security.auth.login.AppConfigurationEntry;

import org.apache.kafka.common.security.auth.AuthenticateCallbackHandler;
import org.apache.kafka.common.security.auth.SaslExtensions;
import org.apache.kafka.common.security.auth.SaslExtensionsCallback;
import org.apache.kafka.common.security.oauthbearer.OAuthBearerToken;
import org.apache.kafka.common.security.oauthbearer.OAuthBearerTokenCallback;
import org.apache.kafka.common.security.oauthbearer.internals.secured.BasicOAuthBearerToken;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.aad.msal4j.ClientCredentialFactory;
import com.microsoft.aad.msal4j.ClientCredentialParameters;
import com.microsoft.aad.msal4j.ConfidentialClientApplication;
import com.microsoft.aad.msal4j.IAuthenticationResult;
import com.microsoft.aad.msal4j.IClientCredential;
import com.microsoft.aad.msal4j.ManagedIdentityApplication;
import com.microsoft.aad.msal4j.ManagedIdentityId;
import com.microsoft.aad.msal4j.ManagedIdentityParameters;
import com.microsoft.aad.msal4j.MsalException;

/**
 * Kafka's SASL/OAUTHBEARER login callback: gets access tokens from Entra ID (or any OpenID Connect issuer) through
 * msal4j, with a client secret, a client certificate (PEM or PFX) or the host's managed identity. msal4j caches the
 * token and fetches a new one when it nears expiry; Kafka's refreshing login calls back in time.
 * Configured by the JAAS options {@link KafkaSecurity} writes into {@code sasl.jaas.config}.
 */
public final class EntraTokenCallbackHandler implements AuthenticateCallbackHandler {

    private static final Logger LOG = LoggerFactory.getLogger(EntraTokenCallbackHandler.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final Map<EntraTokenSettings, Object> APPLICATIONS = new java.util.concurrent.ConcurrentHashMap<>();

    private EntraTokenSettings settings;
    private ConfidentialClientApplication confidential;
    private ManagedIdentityApplication managed;

    @Override
    public void configure(Map<String, ?> configs, String saslMechanism, List<AppConfigurationEntry> jaasConfigEntries) {
        if (!"OAUTHBEARER".equals(saslMechanism) || jaasConfigEntries.size() != 1) {
            throw new IllegalArgumentException("EntraTokenCallbackHandler serves OAUTHBEARER with one JAAS entry, not "
                    + saslMechanism);
        }
        settings = EntraTokenSettings.from(jaasConfigEntries.get(0).getOptions());
        settings.validate();
        // one msal4j application per identity, so every producer and consumer of the bridge shares its token cache
        Object app = APPLICATIONS.computeIfAbsent(settings, EntraTokenCallbackHandler::application);
        if (app instanceof ManagedIdentityApplication identity) {
            managed = identity;
        } else {
            confidential = (ConfidentialClientApplication) app;
        }
        LOG.debug("OAUTHBEARER tokens from {}", settings);
    }

    private static Object application(EntraTokenSettings settings) {
        try {
            if (settings.managedIdentity()) {
                return ManagedIdentityApplication.builder(settings.managedIdentityClientId().isEmpty()
                        ? ManagedIdentityId.systemAssigned()
                        : ManagedIdentityId.userAssignedClientId(settings.managedIdentityClientId())).build();
            }
            ConfidentialClientApplication.Builder builder = ConfidentialClientApplication.builder(
                    settings.clientId(), credential(settings));
            if (settings.entraAuthority()) {
                builder.authority(settings.authority());
            } else {
                builder.oidcAuthority(settings.authority());
            }
            if (!settings.trustStore().isEmpty()) {
                builder.sslSocketFactory(trusting(settings.trustStore(), settings.trustStorePassword()));
            }
            return builder.build();
        } catch (IOException | java.security.GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot set up the OAuth client " + settings.clientId() + " for "
                    + settings.authority() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void handle(Callback[] callbacks) throws IOException, UnsupportedCallbackException {
        for (Callback callback : callbacks) {
            if (callback instanceof OAuthBearerTokenCallback tokenCallback) {
                try {
                    tokenCallback.token(token());
                } catch (IOException e) {
                    // an error on the callback becomes the message of Kafka's LoginException; a thrown one is hidden
                    tokenCallback.error("token_request_failed", e.getMessage(), null);
                }
            } else if (callback instanceof SaslExtensionsCallback extensionsCallback) {
                Map<String, String> extensions = new HashMap<>();
                if (!settings.logicalCluster().isEmpty()) {
                    extensions.put("logicalCluster", settings.logicalCluster());
                }
                if (!settings.identityPoolId().isEmpty()) {
                    extensions.put("identityPoolId", settings.identityPoolId());
                }
                extensionsCallback.extensions(new SaslExtensions(extensions));
            } else {
                throw new UnsupportedCallbackException(callback);
            }
        }
    }

    private OAuthBearerToken token() throws IOException {
        IAuthenticationResult result;
        try {
            result = managed != null
                    ? managed.acquireTokenForManagedIdentity(ManagedIdentityParameters.builder(
                            settings.scope().replaceFirst("/\\.default$", "")).build()).get()
                    : confidential.acquireToken(ClientCredentialParameters.builder(Set.of(settings.scope())).build()).get();
        } catch (ExecutionException e) {
            throw new IOException("no OAuth token for " + who() + " from " + settings.authority() + " (scope "
                    + settings.scope() + "): " + describe(e.getCause()), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while getting an OAuth token", e);
        } catch (Exception e) {
            throw new IOException("no OAuth token for " + who() + ": " + e.getMessage(), e);
        }
        return bearerToken(result.accessToken(), settings.scope(), result.expiresOnDate().getTime());
    }

    /** The token as Kafka wants it; principal from the JWT's sub, appid or azp claim. */
    static OAuthBearerToken bearerToken(String accessToken, String scope, long expiresAtMs) throws IOException {
        String[] parts = accessToken.split("\\.");
        if (parts.length < 2) {
            throw new IOException("the OAuth token is not a JWT");
        }
        JsonNode claims = JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
        String principal = null;
        for (String claim : List.of("sub", "appid", "azp")) {
            if (claims.hasNonNull(claim)) {
                principal = claims.get(claim).asText();
                break;
            }
        }
        if (principal == null) {
            throw new IOException("the OAuth token has none of the claims sub, appid, azp to name its principal");
        }
        Long issuedAt = claims.hasNonNull("iat") ? claims.get("iat").asLong() * 1000 : null;
        return new BasicOAuthBearerToken(accessToken, Set.of(scope), expiresAtMs, principal, issuedAt);
    }

    private static String describe(Throwable failure) {
        String code = failure instanceof MsalException msal ? msal.errorCode() : null;
        return code == null || code.isEmpty() ? failure.getMessage() : code + ": " + failure.getMessage();
    }

    private String who() {
        return settings.managedIdentity() ? "the managed identity" : "client " + settings.clientId();
    }

    private static IClientCredential credential(EntraTokenSettings settings) throws IOException, java.security.GeneralSecurityException {
        if (!settings.clientSecret().isEmpty()) {
            return ClientCredentialFactory.createFromSecret(settings.clientSecret());
        }
        Path path = Path.of(settings.certificatePath());
        String text = Files.readString(path, StandardCharsets.ISO_8859_1);
        if (!text.contains("-----BEGIN")) {
            try (InputStream in = Files.newInputStream(path)) {
                return ClientCredentialFactory.createFromCertificate(in, settings.certificatePassword());
            }
        }
        return pemCredential(text);
    }

    // msal4j reads PKCS12 streams only; for PEM it takes the key and chain as objects, so we read them here
    private static final Pattern PEM_BLOCK = Pattern.compile("-----BEGIN ([A-Z ]+)-----([^-]+)-----END \\1-----");

    private static IClientCredential pemCredential(String pem) throws java.security.GeneralSecurityException {
        PrivateKey key = null;
        List<X509Certificate> chain = new ArrayList<>();
        CertificateFactory certificates = CertificateFactory.getInstance("X.509");
        Matcher block = PEM_BLOCK.matcher(pem);
        while (block.find()) {
            byte[] der = Base64.getMimeDecoder().decode(block.group(2));
            if (block.group(1).equals("CERTIFICATE")) {
                chain.add((X509Certificate) certificates.generateCertificate(new java.io.ByteArrayInputStream(der)));
            } else if (block.group(1).equals("PRIVATE KEY")) {
                key = KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
            }
        }
        if (key == null || chain.isEmpty()) {
            throw new java.security.GeneralSecurityException(
                    "the PEM certificate file needs an unencrypted PKCS#8 RSA key (BEGIN PRIVATE KEY) and a certificate");
        }
        return ClientCredentialFactory.createFromCertificateChain(key, chain);
    }

    private static SSLSocketFactory trusting(String file, String password) throws IOException,
            java.security.GeneralSecurityException {
        KeyStore store = KeyStore.getInstance(Path.of(file).toFile(), password.toCharArray());
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(store);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, trust.getTrustManagers(), null);
        return tls.getSocketFactory();
    }

    @Override
    public void close() {
        // msal4j holds no resources that need closing
    }
}
