package io.wlabridge.app;

import static io.wlabridge.config.WlaOptions.*;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.List;
import java.util.Locale;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import io.wlabridge.config.ConfigException;
import io.wlabridge.config.Settings;

/** The registry client's TLS trust from {@code wla.registry.ssl-truststore-*}: a JKS or PKCS12 store or a PEM CA file. */
final class RegistryTls {

    private static final List<String> TYPES = List.of("JKS", "PKCS12", "PEM");

    private RegistryTls() {
    }

    /** Null when no truststore is set: the JVM's default trust. */
    static SSLContext sslContext(Settings settings) {
        String location = settings.get(REGISTRY_SSL_TRUSTSTORE_LOCATION);
        if (location.isEmpty()) {
            return null;
        }
        String type = settings.get(REGISTRY_SSL_TRUSTSTORE_TYPE).toUpperCase(Locale.ROOT);
        if (!TYPES.contains(type)) {
            throw new ConfigException(REGISTRY_SSL_TRUSTSTORE_TYPE.name() + " is '" + type + "' but must be one of " + TYPES);
        }
        try {
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(type.equals("PEM") ? pemStore(Path.of(location))
                    : load(Path.of(location), type, settings.get(REGISTRY_SSL_TRUSTSTORE_PASSWORD)));
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (IOException | GeneralSecurityException e) {
            // the message of a wrong store password names no password; keep it, it tells what failed
            throw new ConfigException(REGISTRY_SSL_TRUSTSTORE_LOCATION.name() + " '" + location + "' cannot be read as "
                    + type + ": " + e.getMessage() + "; check the file, " + REGISTRY_SSL_TRUSTSTORE_TYPE.name() + " and "
                    + REGISTRY_SSL_TRUSTSTORE_PASSWORD.name());
        }
    }

    private static KeyStore load(Path file, String type, String password) throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance(type);
        try (InputStream in = Files.newInputStream(file)) {
            store.load(in, password.isEmpty() ? null : password.toCharArray());
        }
        return store;
    }

    private static KeyStore pemStore(Path file) throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        int n = 0;
        try (InputStream in = Files.newInputStream(file)) {
            for (Certificate certificate : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                store.setCertificateEntry("ca-" + n++, certificate);
            }
        }
        if (n == 0) {
            throw new GeneralSecurityException("no certificate in the PEM file");
        }
        return store;
    }
}
