package io.chartbridge.connector.fhir.auth;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Optional;

/**
 * The server's {@code [base]/.well-known/smart-configuration}: where its token endpoint is, and whether it takes what
 * ChartBridge sends there (client credentials, {@code private_key_jwt}, our signing algorithm). A server that leaves
 * a list out is taken to accept; one that lists and leaves ours out is refused before any request for a token.
 */
final class SmartConfiguration {

    static final String PATH = "/.well-known/smart-configuration";

    private SmartConfiguration() {
    }

    static String tokenEndpoint(HttpClient http, String baseUrl, String algorithm) {
        String url = baseUrl + PATH;
        HttpResponse<String> response;
        try {
            response = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(SmartHttp.REQUEST_TIMEOUT)
                    .header("Accept", "application/json").GET().build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw fail(url + " cannot be read (" + e.getClass().getSimpleName() + "); is the FHIR server up?", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw fail("interrupted while reading " + url, e);
        }
        if (response.statusCode() != 200) {
            throw fail(url + " answered HTTP " + response.statusCode() + "; the server publishes no SMART "
                    + "configuration there: set target.auth.tokenUrl");
        }
        if (SmartHttp.looksLikeHtml(response)) {
            throw fail(url + " answered with an HTML page, not the SMART configuration; set target.auth.tokenUrl");
        }
        JsonNode config;
        try {
            config = SmartHttp.json(response).orElse(null);
        } catch (IOException e) {
            config = null;
        }
        if (config == null || !config.isObject()) {
            throw fail(url + " is not a JSON object (malformed SMART configuration); set target.auth.tokenUrl");
        }
        String token = config.path("token_endpoint").asText("");
        if (token.isBlank()) {
            throw fail(url + " names no token_endpoint; set target.auth.tokenUrl");
        }
        requireListed(config, "grant_types_supported", "client_credentials", url);
        requireListed(config, "token_endpoint_auth_methods_supported", "private_key_jwt", url);
        requireListed(config, "token_endpoint_auth_signing_alg_values_supported", algorithm, url);
        return token;
    }

    private static void requireListed(JsonNode config, String field, String value, String url) {
        Optional<JsonNode> list = Optional.of(config.path(field)).filter(JsonNode::isArray);
        if (list.isEmpty()) {
            return;
        }
        for (JsonNode v : list.get()) {
            if (value.equals(v.asText())) {
                return;
            }
        }
        throw fail(url + " lists " + field + " without " + value + ", which SMART Backend Services needs");
    }

    private static SmartAuthException fail(String problem) {
        return new SmartAuthException("SMART auth: " + problem);
    }

    private static SmartAuthException fail(String problem, Throwable cause) {
        return new SmartAuthException("SMART auth: " + problem, cause);
    }
}
