package io.wlabridge.testing;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.concurrent.TimeUnit;

/**
 * A fresh RSA key and self-signed certificate for a service principal, made by the JDK's keytool, as a PFX file and
 * as a PEM file (PKCS#8 key and certificate), the two forms Entra ID clients use.
 */
public record ClientCertificate(Path pfx, String password, Path pem, X509Certificate certificate) {

    public static ClientCertificate create(Path dir) throws Exception {
        Path pfx = dir.resolve("client.pfx");
        String password = "pfx-pw-5e0b";
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Process process = new ProcessBuilder(keytool.toString(), "-genkeypair", "-alias", "client", "-keyalg", "RSA",
                "-keysize", "2048", "-dname", "CN=wla-bridge-test", "-validity", "2", "-storetype", "PKCS12",
                "-keystore", pfx.toString(), "-storepass", password, "-keypass", password)
                .redirectErrorStream(true).start();
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
        Path pem = dir.resolve("client.pem");
        Files.writeString(pem, "-----BEGIN PRIVATE KEY-----\n" + base64.encodeToString(key.getEncoded())
                + "\n-----END PRIVATE KEY-----\n-----BEGIN CERTIFICATE-----\n"
                + base64.encodeToString(certificate.getEncoded()) + "\n-----END CERTIFICATE-----\n");
        return new ClientCertificate(pfx, password, pem, certificate);
    }
}
