package io.wlabridge.testing;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A fresh RSA key and self-signed certificate made by the JDK's keytool, as a PFX file and as a PEM file (PKCS#8 key
 * and certificate): for a service principal (the two forms Entra ID clients use), a TLS broker or a TLS client.
 */
public record ClientCertificate(Path pfx, String password, Path pem, X509Certificate certificate) {

    public static ClientCertificate create(Path dir) throws Exception {
        return create(dir, "client", null);
    }

    /** @param subjectAlternativeName keytool's SAN extension value, e.g. {@code ip:127.0.0.1}, or null */
    public static ClientCertificate create(Path dir, String name, String subjectAlternativeName) throws Exception {
        Path pfx = dir.resolve(name + ".pfx");
        String password = "pfx-pw-5e0b";
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        List<String> command = new ArrayList<>(List.of(keytool.toString(), "-genkeypair", "-alias", "client",
                "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=wla-bridge-" + name, "-validity", "2",
                "-storetype", "PKCS12", "-keystore", pfx.toString(), "-storepass", password, "-keypass", password));
        if (subjectAlternativeName != null) {
            command.addAll(List.of("-ext", "SAN=" + subjectAlternativeName));
        }
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException("keytool failed: " + output);
        }
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(pfx)) {
            store.load(in, password.toCharArray());
        }
        PrivateKey key = (PrivateKey) store.getKey("client", password.toCharArray());
        X509Certificate certificate = (X509Certificate) store.getCertificate("client");
        Base64.Encoder base64 = Base64.getMimeEncoder(64, "\n".getBytes());
        Path pem = dir.resolve(name + ".pem");
        Files.writeString(pem, "-----BEGIN PRIVATE KEY-----\n" + base64.encodeToString(key.getEncoded())
                + "\n-----END PRIVATE KEY-----\n-----BEGIN CERTIFICATE-----\n"
                + base64.encodeToString(certificate.getEncoded()) + "\n-----END CERTIFICATE-----\n");
        return new ClientCertificate(pfx, password, pem, certificate);
    }

    /** A PKCS12 truststore holding just this certificate. */
    public Path truststore(Path file, String storePassword) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("trusted", certificate);
        try (var out = Files.newOutputStream(file)) {
            trust.store(out, storePassword.toCharArray());
        }
        return file;
    }

    /** The certificate alone as a PEM file, as a CA file is given. */
    public Path certificatePem(Path file) throws Exception {
        Files.writeString(file, "-----BEGIN CERTIFICATE-----\n" + Base64.getMimeEncoder(64, "\n".getBytes())
                .encodeToString(certificate.getEncoded()) + "\n-----END CERTIFICATE-----\n");
        return file;
    }

    /** A server-side TLS context presenting this certificate (for HTTPS stand-ins in tests). */
    public javax.net.ssl.SSLContext serverTls() throws Exception {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (var in = Files.newInputStream(pfx)) {
            keys.load(in, password.toCharArray());
        }
        javax.net.ssl.KeyManagerFactory keyManagers = javax.net.ssl.KeyManagerFactory.getInstance(
                javax.net.ssl.KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(keys, password.toCharArray());
        javax.net.ssl.SSLContext tls = javax.net.ssl.SSLContext.getInstance("TLS");
        tls.init(keyManagers.getKeyManagers(), null, null);
        return tls;
    }
}
