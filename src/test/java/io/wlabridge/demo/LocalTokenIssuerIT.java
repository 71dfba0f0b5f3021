package io.wlabridge.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.wlabridge.api.ApiCaller;
import io.wlabridge.api.ApiException;
import io.wlabridge.api.BearerTokenValidator;

/** The demo's token issuer over real HTTP, its tokens checked by the HTTP bridge's own validator. */
class LocalTokenIssuerIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> ROLES = List.of("wla-producers", "wla-readers");

    private final HttpClient http = HttpClient.newHttpClient();
    private LocalTokenIssuer issuer;

    @BeforeEach
    void startIssuer() throws Exception {
        issuer = LocalTokenIssuer.start(0, ROLES);
    }

    @AfterEach
    void stopIssuer() {
        issuer.close();
    }

    private HttpResponse<String> postToken(Map<String, String> form, String authorization) throws Exception {
        String body = form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(issuer.tokenUrl()))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private BearerTokenValidator validator() {
        // no JWKS URL: the validator finds it through the issuer's OpenID Connect discovery, as with Entra ID
        return new BearerTokenValidator(issuer.issuer(), LocalTokenIssuer.AUDIENCE, "", 60, "", "");
    }

    @Test
    void clientCredentialsTokenPassesTheBridgesValidatorWithTheClientAndItsRoles() throws Exception {
        HttpResponse<String> response = postToken(Map.of("grant_type", "client_credentials",
                "client_id", issuer.clientId(), "client_secret", issuer.clientSecret(), "scope", LocalTokenIssuer.SCOPE), null);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
        JsonNode answer = JSON.readTree(response.body());
        assertThat(answer.get("token_type").asText()).isEqualTo("Bearer");
        assertThat(answer.get("expires_in").asInt()).isEqualTo(3600);
        String token = answer.get("access_token").asText();
        assertThat(SignedJWT.parse(token).getHeader().getAlgorithm().getName()).isEqualTo("RS256");

        ApiCaller caller = validator().validate("Bearer " + token);
        assertThat(caller.clientId()).isEqualTo(issuer.clientId());
        java.util.List<String> grants = new java.util.ArrayList<>(ROLES);
        grants.add("client:" + issuer.clientId());
        assertThat(caller.grants()).containsExactlyInAnyOrderElementsOf(grants);
    }

    @Test
    void clientSecretBasicIsAcceptedToo() throws Exception {
        String basic = Base64.getEncoder().encodeToString((issuer.clientId() + ":" + issuer.clientSecret())
                .getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> response = postToken(Map.of("grant_type", "client_credentials"), "Basic " + basic);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        validator().validate("Bearer " + JSON.readTree(response.body()).get("access_token").asText());
    }

    @Test
    void wrongSecretIsInvalidClient() throws Exception {
        HttpResponse<String> response = postToken(Map.of("grant_type", "client_credentials",
                "client_id", issuer.clientId(), "client_secret", issuer.clientSecret() + "x"), null);

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(JSON.readTree(response.body()).get("error").asText()).isEqualTo("invalid_client");
    }

    @Test
    void otherGrantsAndScopesAreRefused() throws Exception {
        HttpResponse<String> password = postToken(Map.of("grant_type", "password", "client_id", issuer.clientId(),
                "client_secret", issuer.clientSecret()), null);
        assertThat(password.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(password.body()).get("error").asText()).isEqualTo("unsupported_grant_type");

        HttpResponse<String> scope = postToken(Map.of("grant_type", "client_credentials", "client_id", issuer.clientId(),
                "client_secret", issuer.clientSecret(), "scope", "api://other/.default"), null);
        assertThat(scope.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(scope.body()).get("error").asText()).isEqualTo("invalid_scope");
    }

    @Test
    void eachStartHasItsOwnClientAndKeySoOldTokensAreRejected() throws Exception {
        HttpResponse<String> response = postToken(Map.of("grant_type", "client_credentials",
                "client_id", issuer.clientId(), "client_secret", issuer.clientSecret()), null);
        String token = JSON.readTree(response.body()).get("access_token").asText();
        String clientId = issuer.clientId();
        String secret = issuer.clientSecret();
        int port = URI.create(issuer.issuer()).getPort();
        issuer.close();

        issuer = LocalTokenIssuer.start(port, ROLES);

        assertThat(issuer.clientId()).isNotEqualTo(clientId);
        assertThat(issuer.clientSecret()).isNotEqualTo(secret);
        assertThatThrownBy(() -> validator().validate("Bearer " + token))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.getMessage()).contains("Token rejected"));
    }
}
