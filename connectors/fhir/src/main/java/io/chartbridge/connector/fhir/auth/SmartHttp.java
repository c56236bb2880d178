package io.chartbridge.connector.fhir.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/** What the token endpoint and the SMART configuration have in common: one HTTP client and the reading of answers. */
final class SmartHttp {

    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();

    private SmartHttp() {
    }

    static HttpClient newClient() {
        return HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /**
     * Tokens travel only over https, except to this machine (the sandbox, a local proxy): a token or an assertion
     * sent in clear over a network is a credential given away.
     */
    static void requireSafeUrl(String url, String what) {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new SmartAuthException("SMART auth: " + what + " '" + url + "' is not a URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        String host = uri.getHost() == null ? "" : uri.getHost();
        boolean loopback = host.equals("127.0.0.1") || host.equals("localhost") || host.equals("[::1]");
        if (scheme.equals("https") || scheme.equals("http") && loopback) {
            return;
        }
        throw new SmartAuthException("SMART auth: " + what + " " + url + " is not https; credentials are only sent "
                + "over https (or to this machine)");
    }

    /** The answer as JSON when the server said it is JSON (or sent something that parses as JSON), else empty. */
    static Optional<JsonNode> json(HttpResponse<String> response) throws IOException {
        String body = response.body() == null ? "" : response.body().strip();
        if (body.isEmpty() || body.startsWith("<")) {
            return Optional.empty();
        }
        return Optional.of(JSON.readTree(body));
    }

    static String contentType(HttpHeaders headers) {
        return headers.firstValue("Content-Type").map(v -> v.split(";")[0].strip()).orElse("no content type");
    }

    static boolean looksLikeHtml(HttpResponse<String> response) {
        String type = contentType(response.headers()).toLowerCase(Locale.ROOT);
        String body = response.body() == null ? "" : response.body().stripLeading().toLowerCase(Locale.ROOT);
        return type.contains("html") || body.startsWith("<!doctype html") || body.startsWith("<html");
    }

    /** A server's free text on one line, short, without control characters, for an error message. */
    static String oneLine(String text) {
        if (text == null) {
            return "";
        }
        String line = text.replaceAll("\\p{Cntrl}+", " ").strip();
        return line.length() > 200 ? line.substring(0, 200) + "..." : line;
    }
}
