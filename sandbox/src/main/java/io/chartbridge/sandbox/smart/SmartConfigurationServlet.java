package io.chartbridge.sandbox.smart;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code [base]/.well-known/smart-configuration}, open to all as the SMART App Launch specification asks: where the
 * token endpoint is and what it takes (client credentials, {@code private_key_jwt} signed RS384 or ES384).
 */
final class SmartConfigurationServlet extends HttpServlet {

    private final transient Map<String, Object> configuration;

    SmartConfigurationServlet(String issuer) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("issuer", issuer);
        c.put("jwks_uri", issuer + "/oauth2/jwks");
        c.put("token_endpoint", issuer + "/oauth2/token");
        c.put("grant_types_supported", List.of("client_credentials"));
        c.put("token_endpoint_auth_methods_supported", List.of("private_key_jwt"));
        c.put("token_endpoint_auth_signing_alg_values_supported", List.of("RS384", "ES384"));
        c.put("scopes_supported", List.of("system/*.read", "system/*.write", "system/*.rs", "system/*.cud"));
        c.put("capabilities", List.of("client-confidential-asymmetric", "permission-v1", "permission-v2"));
        this.configuration = java.util.Collections.unmodifiableMap(c);
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        new ObjectMapper().writeValue(response.getOutputStream(), new LinkedHashMap<>(configuration));
    }
}
