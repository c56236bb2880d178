package io.chartbridge.connector.fhir.auth;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import static java.nio.charset.StandardCharsets.UTF_8;

/**
 * Asks the token endpoint for an access token: {@code grant_type=client_credentials} with the signed assertion
 * ({@code client_assertion_type=urn:ietf:params:oauth:client-assertion-type:jwt-bearer}). Every answer that is not a
 * token becomes one line saying what is wrong and what to do; an answer that may pass (5xx, 429, a dropped
 * connection) is a {@link Transient}.
 */
final class SmartTokenEndpoint {

    static final String ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
    /** A token without {@code expires_in} is taken to last as long as SMART's shortest common lifetime. */
    static final Duration DEFAULT_LIFETIME = Duration.ofMinutes(5);
    /** More apart than this and the two clocks disagree, whatever the server's message says. */
    static final Duration CLOCK_TOLERANCE = Duration.ofSeconds(60);
    private static final Pattern TIME_WORDS = Pattern.compile(
            "(?i).*\\b(exp|expired|expiration|nbf|iat|not yet valid|not before|issued in the future|future|clock|skew"
                    + "|too old|lifetime)\\b.*");

    private final HttpClient http;
    private final String tokenUrl;
    private final String clientId;
    private final SmartKey key;
    private final List<String> scopes;
    private final Clock clock;

    SmartTokenEndpoint(HttpClient http, String tokenUrl, String clientId, SmartKey key, List<String> scopes,
                       Clock clock) {
        this.http = http;
        this.tokenUrl = tokenUrl;
        this.clientId = clientId;
        this.key = key;
        this.scopes = scopes;
        this.clock = clock;
    }

    String tokenUrl() {
        return tokenUrl;
    }

    /** An answer that may be different if asked again (5xx, 429, a connection that failed). */
    static final class Transient extends RuntimeException {
        private final String reason;

        Transient(String message, String reason, Throwable cause) {
            super(message, cause, false, false);
            this.reason = reason;
        }

        /** In a few words, without the URL: "token endpoint: HTTP 503". */
        String reason() {
            return reason;
        }
    }

    SmartAccessToken requestToken() {
        String form = "grant_type=client_credentials"
                + "&scope=" + URLEncoder.encode(String.join(" ", scopes), UTF_8)
                // Optional in RFC 7521 and not in SMART's example, but some authorization servers require it.
                + "&client_id=" + URLEncoder.encode(clientId, UTF_8)
                + "&client_assertion_type=" + URLEncoder.encode(ASSERTION_TYPE, UTF_8)
                + "&client_assertion=" + SmartClientAssertion.sign(key, clientId, tokenUrl, clock);
        HttpRequest request = HttpRequest.newBuilder(URI.create(tokenUrl)).timeout(SmartHttp.REQUEST_TIMEOUT)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build();
        Instant sent = clock.instant();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new Transient("the token endpoint " + tokenUrl + " is unreachable (" + e.getClass().getSimpleName()
                    + ")", "token endpoint unreachable", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw fail("interrupted while asking " + tokenUrl + " for a token");
        }
        int status = response.statusCode();
        if (status >= 500 || status == 429) {
            throw new Transient("the token endpoint " + tokenUrl + " answered HTTP " + status,
                    "token endpoint: HTTP " + status, null);
        }
        if (SmartHttp.looksLikeHtml(response)) {
            throw fail("the token endpoint " + tokenUrl + " answered with an HTML page (HTTP " + status + "), not a"
                    + " JSON token response; check target.auth.tokenUrl (a login page or a proxy's error page?)");
        }
        Optional<JsonNode> json;
        try {
            json = SmartHttp.json(response);
        } catch (IOException e) {
            throw fail("the token endpoint " + tokenUrl + " answered with malformed JSON (HTTP " + status + ", "
                    + SmartHttp.contentType(response.headers()) + ")");
        }
        if (json.isEmpty() || !json.get().isObject()) {
            throw fail("the token endpoint " + tokenUrl + " answered HTTP " + status + " without a JSON object ("
                    + SmartHttp.contentType(response.headers()) + ")");
        }
        if (status == 200) {
            return token(json.get(), sent);
        }
        if (status == 400 || status == 401 || status == 403) {
            throw refused(json.get(), response, sent);
        }
        throw fail("the token endpoint " + tokenUrl + " answered HTTP " + status + "; is target.auth.tokenUrl the "
                + "token endpoint?");
    }

    private SmartAccessToken token(JsonNode json, Instant sent) {
        String value = json.path("access_token").asText("");
        if (value.isBlank()) {
            throw fail("the token endpoint " + tokenUrl + " answered HTTP 200 without an access_token");
        }
        String type = json.path("token_type").asText("");
        if (!type.equalsIgnoreCase("bearer")) {
            throw fail("the token endpoint " + tokenUrl + " issued a token of type '" + SmartHttp.oneLine(type)
                    + "'; ChartBridge sends bearer tokens only");
        }
        Duration lifetime = json.path("expires_in").canConvertToLong() && json.path("expires_in").asLong() > 0
                ? Duration.ofSeconds(json.path("expires_in").asLong()) : DEFAULT_LIFETIME;
        // RFC 6749 5.1: without "scope" the server granted what was asked for.
        SmartScopes granted = json.hasNonNull("scope") ? SmartScopes.parse(json.path("scope").asText())
                : SmartScopes.of(scopes);
        // Counted from when the request left: the token's clock started no later than that.
        return new SmartAccessToken(value, sent, sent.plus(lifetime), granted);
    }

    private SmartAuthException refused(JsonNode json, HttpResponse<String> response, Instant sent) {
        String error = SmartHttp.oneLine(json.path("error").asText("no error code"));
        String description = SmartHttp.oneLine(json.path("error_description").asText(""));
        String said = error + (description.isEmpty() ? "" : ": " + description);
        Optional<Duration> skew = skew(response, sent);
        if (skew.isPresent() && skew.get().abs().compareTo(CLOCK_TOLERANCE) > 0) {
            long seconds = skew.get().getSeconds();
            return fail("the token endpoint " + tokenUrl + " refused the assertion (" + said + "): this machine's"
                    + " clock is " + Math.abs(seconds) + " s " + (seconds > 0 ? "ahead of" : "behind")
                    + " the server's; correct it (NTP) and run again");
        }
        if (TIME_WORDS.matcher(description).matches()) {
            return fail("the token endpoint " + tokenUrl + " says the assertion is expired or not yet valid (" + said
                    + "); check this machine's clock (it says " + sent + ")");
        }
        return switch (error) {
            case "invalid_client" -> fail("the token endpoint " + tokenUrl + " refused client '" + clientId + "' ("
                    + said + "): the EHR does not accept the signed assertion; check target.auth.clientId, keyId '"
                    + key.keyId() + "', and that the EHR holds the public half of this private key");
            case "invalid_scope" -> fail("the token endpoint " + tokenUrl + " refused the scopes '"
                    + String.join(" ", scopes) + "' (" + said + "); ask the EHR to allow them for client '" + clientId
                    + "'");
            case "unauthorized_client" -> fail("the token endpoint " + tokenUrl + " does not let client '" + clientId
                    + "' use client credentials (" + said + ")");
            default -> fail("the token endpoint " + tokenUrl + " refused the token request (HTTP "
                    + response.statusCode() + ", " + said + ")");
        };
    }

    /** How far our clock is ahead of the server's (its {@code Date} header), when it sent one. */
    private static Optional<Duration> skew(HttpResponse<String> response, Instant sent) {
        Optional<String> date = response.headers().firstValue("Date");
        if (date.isEmpty()) {
            return Optional.empty();
        }
        try {
            Instant server = ZonedDateTime.parse(date.get(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            return Optional.of(Duration.between(server, sent));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static SmartAuthException fail(String problem) {
        return new SmartAuthException("SMART auth: " + problem);
    }
}
