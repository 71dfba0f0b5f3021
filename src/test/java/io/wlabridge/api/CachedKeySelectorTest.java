package io.wlabridge.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.Key;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;

class CachedKeySelectorTest {

    private final AtomicReference<JWKSet> published = new AtomicReference<>();
    private final AtomicInteger asked = new AtomicInteger();
    private final JWKSource<SecurityContext> source = (selector, context) -> {
        asked.incrementAndGet();
        return selector.select(published.get());
    };
    private final CachedKeySelector selector = new CachedKeySelector(Set.of(JWSAlgorithm.RS256), source);

    @Test
    void aKeyIsConvertedOnceAndStillAskedOfTheSourceForEveryToken() throws Exception {
        RSAKey a = rsa("a");
        RSAKey b = rsa("b");
        published.set(new JWKSet(List.of(a.toPublicJWK(), b.toPublicJWK())));

        List<Key> first = selector.selectJWSKeys(header("a"), null);
        List<Key> second = selector.selectJWSKeys(header("a"), null);

        assertEquals(List.of(a.toRSAPublicKey()), first);
        assertSame(first.get(0), second.get(0), "the second token reuses the converted key");
        assertEquals(List.of(b.toRSAPublicKey()), selector.selectJWSKeys(header("b"), null));
        assertEquals(3, asked.get(), "the JWK source (its cache, rotation, refetch) is asked for every token");
        assertEquals(2, selector.kept());
    }

    @Test
    void aRotatedKeyUnderTheSameKeyIdIsUsedAndADroppedOneIsNoLongerSelected() throws Exception {
        RSAKey old = rsa("k1");
        published.set(new JWKSet(old.toPublicJWK()));
        assertEquals(List.of(old.toRSAPublicKey()), selector.selectJWSKeys(header("k1"), null));

        RSAKey rotated = rsa("k1");
        published.set(new JWKSet(rotated.toPublicJWK()));
        List<Key> keys = selector.selectJWSKeys(header("k1"), null);
        assertEquals(List.of(rotated.toRSAPublicKey()), keys);
        assertNotEquals(old.toRSAPublicKey(), keys.get(0));

        published.set(new JWKSet(rsa("k2").toPublicJWK()));
        assertTrue(selector.selectJWSKeys(header("k1"), null).isEmpty(), "a key the issuer dropped is not selected");
    }

    @Test
    void anAlgorithmNotAcceptedSelectsNothing() throws Exception {
        published.set(new JWKSet(rsa("a").toPublicJWK()));
        assertTrue(selector.selectJWSKeys(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID("a").build(), null).isEmpty());
        assertEquals(0, asked.get());
    }

    private static JWSHeader header(String kid) {
        return new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(kid).build();
    }

    private static RSAKey rsa(String kid) throws Exception {
        return new RSAKeyGenerator(2048).keyID(kid).generate();
    }
}
