package io.wlabridge.kafka;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Locale;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** The TLS trust for the token issuer's HTTPS from {@code wla.kafka.oauth.ssl-truststore-*} (JKS, PKCS12 or PEM). */
final class IssuerTrust {

    private IssuerTrust() {
    }

    /** A TLS context trusting the store's certificates, or null (the JVM's default trust) when no store is set. */
    static SSLContext of(EntraTokenSettings settings) throws IOException, GeneralSecurityException {
        if (settings.trustStore().isEmpty()) {
            return null;
        }
        Path file = Path.of(settings.trustStore());
        String type = settings.trustStoreType().isEmpty() ? "JKS" : settings.trustStoreType().toUpperCase(Locale.ROOT);
        KeyStore store;
        if (type.equals("PEM")) {
            store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            try (InputStream in = Files.newInputStream(file)) {
                int n = 0;
                for (Certificate certificate : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                    store.setCertificateEntry("ca-" + n++, certificate);
                }
            }
        } else {
            store = KeyStore.getInstance(type);
            try (InputStream in = Files.newInputStream(file)) {
                store.load(in, settings.trustStorePassword().isEmpty() ? null : settings.trustStorePassword().toCharArray());
            }
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(store);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, trust.getTrustManagers(), null);
        return tls;
    }
}
