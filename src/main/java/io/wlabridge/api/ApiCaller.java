package io.wlabridge.api;

import java.util.Set;

/**
 * Who is calling, from a validated bearer token.
 *
 * @param clientId the client the rate limit counts against: the token's azp, else appid (Entra v1), else sub
 * @param subject  the token's sub
 * @param grants   the values of its groups and roles claims (Entra: group object ids and app-role values), and
 *                 {@code client:<clientId>}
 */
public record ApiCaller(String clientId, String subject, Set<String> grants) {
}
