package io.wlabridge.api;

import java.security.Key;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.KeyConverter;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;

/**
 * nimbus's {@link JWSVerificationKeySelector} with the Java key of each JWK kept: nimbus turns the matching JWK into
 * a {@link PublicKey} for every token (Base64url decoding, BigIntegers, a KeyFactory), a sixth of a status request's
 * CPU. The JWKs still come from the JWK source on every token, so its cache, rotation and refetch on an unknown key id
 * work as before; a key is kept by its JWK's content, so a rotated or changed key is converted anew and one the
 * issuer dropped is no longer selected (the source no longer returns it). Only public keys are selected, as nimbus
 * does (the accepted algorithms are all asymmetric).
 */
final class CachedKeySelector extends JWSVerificationKeySelector<SecurityContext> {

    /** Keys kept at most; more means the issuer publishes unusually many, and the map starts over. */
    private static final int MAX_KEYS = 64;

    private final Map<JWK, List<Key>> converted = new ConcurrentHashMap<>();

    CachedKeySelector(Set<JWSAlgorithm> accepted, JWKSource<SecurityContext> keys) {
        super(accepted, keys);
    }

    @Override
    public List<Key> selectJWSKeys(JWSHeader header, SecurityContext context) throws KeySourceException {
        if (!isAllowed(header.getAlgorithm())) {
            return List.of();
        }
        JWKMatcher matcher = createJWKMatcher(header);
        if (matcher == null) {
            return List.of();
        }
        List<JWK> matches = getJWKSource().get(new JWKSelector(matcher), context);
        if (matches.size() == 1) {
            return javaKeys(matches.get(0));
        }
        List<Key> keys = new ArrayList<>();
        for (JWK jwk : matches) {
            keys.addAll(javaKeys(jwk));
        }
        return keys;
    }

    private List<Key> javaKeys(JWK jwk) {
        List<Key> keys = converted.get(jwk);
        if (keys == null) {
            keys = KeyConverter.toJavaKeys(List.of(jwk)).stream().filter(PublicKey.class::isInstance).toList();
            if (converted.size() >= MAX_KEYS) {
                converted.clear();
            }
            converted.put(jwk, keys);
        }
        return keys;
    }

    /** How many JWKs have their keys kept (for tests). */
    int kept() {
        return converted.size();
    }
}
