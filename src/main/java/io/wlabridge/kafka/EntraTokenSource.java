package io.wlabridge.kafka;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

import com.microsoft.aad.msal4j.ClientCredentialFactory;
import com.microsoft.aad.msal4j.ClientCredentialParameters;
import com.microsoft.aad.msal4j.ConfidentialClientApplication;
import com.microsoft.aad.msal4j.IAuthenticationResult;
import com.microsoft.aad.msal4j.IClientCredential;
import com.microsoft.aad.msal4j.ManagedIdentityApplication;
import com.microsoft.aad.msal4j.ManagedIdentityId;
import com.microsoft.aad.msal4j.ManagedIdentityParameters;

/**
 * The msal4j application of one identity (service principal with secret or certificate, or managed identity).
 * One per identity in the JVM, so every producer and consumer of the bridge shares its token cache.
 */
final class EntraTokenSource {

    private static final Map<EntraTokenSettings, EntraTokenSource> SOURCES = new ConcurrentHashMap<>();

    private final EntraTokenSettings settings;
    private final ConfidentialClientApplication confidential;
    private final ManagedIdentityApplication managed;

    private EntraTokenSource(EntraTokenSettings settings, ConfidentialClientApplication confidential,
            ManagedIdentityApplication managed) {
        this.settings = settings;
        this.confidential = confidential;
        this.managed = managed;
    }

    static EntraTokenSource of(EntraTokenSettings settings) {
        return SOURCES.computeIfAbsent(settings, EntraTokenSource::create);
    }

    /** A token from msal4j's cache, or a new one when the cached one nears expiry. */
    IAuthenticationResult acquire() throws Exception {
        return managed != null
                ? managed.acquireTokenForManagedIdentity(ManagedIdentityParameters.builder(
                        settings.scope().replaceFirst("/\\.default$", "")).build()).get()
                : confidential.acquireToken(ClientCredentialParameters.builder(Set.of(settings.scope())).build()).get();
    }

    private static EntraTokenSource create(EntraTokenSettings settings) {
        try {
            if (settings.managedIdentity()) {
                return new EntraTokenSource(settings, null, ManagedIdentityApplication.builder(
                        settings.managedIdentityClientId().isEmpty() ? ManagedIdentityId.systemAssigned()
                        : ManagedIdentityId.userAssignedClientId(settings.managedIdentityClientId())).build());
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
            return new EntraTokenSource(settings, builder.build(), null);
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            // msal4j fetches an OIDC issuer's discovery document here, so an unreachable issuer fails here too
            throw new IllegalArgumentException("cannot set up the OAuth client " + settings.clientId() + " for "
                    + settings.authority() + ": " + e.getMessage(), e);
        }
    }

    private static IClientCredential credential(EntraTokenSettings settings) throws IOException, GeneralSecurityException {
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

    private static IClientCredential pemCredential(String pem) throws GeneralSecurityException {
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
            throw new GeneralSecurityException(
                    "the PEM certificate file needs an unencrypted PKCS#8 RSA key (BEGIN PRIVATE KEY) and a certificate");
        }
        return ClientCredentialFactory.createFromCertificateChain(key, chain);
    }

    private static SSLSocketFactory trusting(String file, String password) throws IOException,
            GeneralSecurityException {
        KeyStore store = KeyStore.getInstance(Path.of(file).toFile(), password.toCharArray());
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(store);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, trust.getTrustManagers(), null);
        return tls.getSocketFactory();
    }
}
