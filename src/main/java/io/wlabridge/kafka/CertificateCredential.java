package io.wlabridge.kafka;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A client certificate's private key and chain, read from a PEM file (key and certificates) or a PFX/PKCS12 file. */
record CertificateCredential(PrivateKey key, List<X509Certificate> chain) {

    // the JDK reads PEM keys and certificates only as DER, so the blocks are cut out here
    private static final Pattern PEM_BLOCK = Pattern.compile("-----BEGIN ([A-Z ]+)-----([^-]+)-----END \\1-----");

    static CertificateCredential read(String file, String password) throws IOException, GeneralSecurityException {
        Path path = Path.of(file);
        String text = Files.readString(path, StandardCharsets.ISO_8859_1);
        if (text.contains("-----BEGIN")) {
            return pem(text);
        }
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(path)) {
            store.load(in, password.toCharArray());
        }
        for (String alias : Collections.list(store.aliases())) {
            if (store.isKeyEntry(alias)) {
                List<X509Certificate> chain = new ArrayList<>();
                for (Certificate certificate : store.getCertificateChain(alias)) {
                    chain.add((X509Certificate) certificate);
                }
                return new CertificateCredential((PrivateKey) store.getKey(alias, password.toCharArray()), chain);
            }
        }
        throw new GeneralSecurityException("the PFX file " + file + " holds no private key");
    }

    private static CertificateCredential pem(String pem) throws GeneralSecurityException {
        PrivateKey key = null;
        List<X509Certificate> chain = new ArrayList<>();
        CertificateFactory certificates = CertificateFactory.getInstance("X.509");
        Matcher block = PEM_BLOCK.matcher(pem);
        while (block.find()) {
            byte[] der = Base64.getMimeDecoder().decode(block.group(2));
            if (block.group(1).equals("CERTIFICATE")) {
                chain.add((X509Certificate) certificates.generateCertificate(new ByteArrayInputStream(der)));
            } else if (block.group(1).equals("PRIVATE KEY")) {
                key = KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
            }
        }
        if (key == null || chain.isEmpty()) {
            throw new GeneralSecurityException(
                    "the PEM certificate file needs an unencrypted PKCS#8 RSA key (BEGIN PRIVATE KEY) and a certificate");
        }
        return new CertificateCredential(key, chain);
    }

    @Override
    public String toString() {
        return "CertificateCredential[" + chain.get(0).getSubjectX500Principal() + "]";
    }
}
