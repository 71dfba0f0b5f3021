package io.wlabridge.ops;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * Checks HTTP Basic credentials against the operator's ({@code wla.overview.user}, {@code wla.overview.password}).
 * Written here because Camel's platform-http has no authentication of its own for the main server. Compares SHA-256
 * digests with {@link MessageDigest#isEqual} (constant time, and the digest hides the length), user and password
 * both, always.
 */
public final class OperatorAuth {

    public enum Result {
        /** The credentials are the operator's. */
        ALLOWED,
        /** No operator password is configured: nobody may trigger. */
        DISABLED,
        /** No, malformed or wrong credentials. */
        UNAUTHENTICATED
    }

    private final byte[] user;
    private final byte[] password;

    /** @param password the operator password; empty or null disables what needs it */
    public OperatorAuth(String user, String password) {
        this.user = digest(user == null ? "" : user);
        this.password = password == null || password.isEmpty() ? null : digest(password);
    }

    public boolean enabled() {
        return password != null;
    }

    /** @param authorization the request's Authorization header, or null */
    public Result check(String authorization) {
        if (password == null) {
            return Result.DISABLED;
        }
        // a bearer token (api/ token validation) could be accepted here too, next to Basic
        if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return Result.UNAUTHENTICATED;
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return Result.UNAUTHENTICATED;
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            return Result.UNAUTHENTICATED;
        }
        boolean userMatches = MessageDigest.isEqual(user, digest(decoded.substring(0, colon)));
        boolean passwordMatches = MessageDigest.isEqual(password, digest(decoded.substring(colon + 1)));
        return userMatches & passwordMatches ? Result.ALLOWED : Result.UNAUTHENTICATED;
    }

    /** The user name of an ALLOWED request, for the log line. */
    public static String userOf(String authorization) {
        String decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
        return decoded.substring(0, decoded.indexOf(':'));
    }

    private static byte[] digest(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
