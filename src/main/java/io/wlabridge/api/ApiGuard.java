package io.wlabridge.api;

import org.apache.camel.Exchange;

/**
 * What every HTTP bridge request passes before an endpoint runs: size limit (413), bearer token (401), rate limit
 * per client (429), then the endpoint checks its topic permission (403) with {@link #permit}.
 */
public final class ApiGuard {

    /** Exchange property: the admitted caller's client id, for the access log. */
    static final String CLIENT_PROPERTY = "wla.api.client";

    private final BearerTokenValidator tokens;
    private final TopicPermissions permissions;
    private final ClientRateLimiter rateLimiter;
    private final long maxRequestBytes;

    public ApiGuard(BearerTokenValidator tokens, TopicPermissions permissions, ClientRateLimiter rateLimiter,
            long maxRequestBytes) {
        this.tokens = tokens;
        this.permissions = permissions;
        this.rateLimiter = rateLimiter;
        this.maxRequestBytes = maxRequestBytes;
    }

    /** Compiled once: String.matches compiles its pattern at every call, and admit runs for every request. */
    private static final java.util.regex.Pattern DIGITS = java.util.regex.Pattern.compile("\\d{1,18}");
    private static final java.util.regex.Pattern TOKEN_IN_QUERY = java.util.regex.Pattern.compile("(^|.*&)authorization=.*");

    /** Admits the request or throws the ApiException to answer with. */
    public ApiCaller admit(Exchange exchange) {
        String length = ApiExchange.header(exchange, "Content-Length");
        if (length != null && DIGITS.matcher(length.trim()).matches() && Long.parseLong(length.trim()) > maxRequestBytes) {
            throw tooLarge();
        }
        String query = ApiExchange.header(exchange, Exchange.HTTP_QUERY);
        if (query != null && TOKEN_IN_QUERY.matcher(query.toLowerCase(java.util.Locale.ROOT)).matches()) {
            // platform-http turns query parameters into headers: a token in the URL would pass, and land in access logs
            throw new ApiException(400, 400, "Send the token in the Authorization header, never as a query parameter");
        }
        ApiCaller caller = tokens.validate(ApiExchange.header(exchange, "Authorization"));
        exchange.setProperty(CLIENT_PROPERTY, caller.clientId());
        long wait = rateLimiter.acquire(caller.clientId());
        if (wait > 0) {
            throw new RateLimited(wait, caller.clientId());
        }
        if (ApiExchange.body(exchange).length > maxRequestBytes) {
            throw tooLarge();
        }
        return caller;
    }

    /** Whether the Authorization header's token was verified before ({@link #admit} fetches nothing for it). */
    boolean verifiedBefore(String authorization) {
        return tokens.verifiedBefore(authorization);
    }

    public void permit(ApiCaller caller, ApiOperation operation, String topic) {
        permissions.check(caller, operation, topic);
    }

    public TopicPermissions permissions() {
        return permissions;
    }

    private ApiException tooLarge() {
        return new ApiException(413, 413, "Request body larger than " + maxRequestBytes
                + " bytes (wla.api.max-request-bytes); send fewer records per request");
    }

    /** 429 with the seconds to wait, for the Retry-After header. */
    static final class RateLimited extends ApiException {
        private final long retryAfterSeconds;

        RateLimited(long retryAfterSeconds, String clientId) {
            super(429, 429, "Too many requests from client " + clientId + "; retry after " + retryAfterSeconds + " s");
            this.retryAfterSeconds = retryAfterSeconds;
        }

        long retryAfterSeconds() {
            return retryAfterSeconds;
        }
    }
}
