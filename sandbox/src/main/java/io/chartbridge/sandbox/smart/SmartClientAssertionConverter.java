package io.chartbridge.sandbox.smart;

import com.nimbusds.jwt.SignedJWT;
import jakarta.servlet.http.HttpServletRequest;
import java.text.ParseException;
import java.util.Map;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.web.authentication.AuthenticationConverter;

/**
 * Reads a {@code private_key_jwt} client authentication the way SMART Backend Services sends it: {@code client_id} is
 * optional (RFC 7521; SMART's example leaves it out), so without it the client is the one the assertion names in
 * {@code sub}. Authorization Server's own converter insists on {@code client_id}. The assertion's signature is
 * checked afterwards, against that client's registered keys, as before.
 */
final class SmartClientAssertionConverter implements AuthenticationConverter {

    static final String JWT_BEARER = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

    @Override
    public Authentication convert(HttpServletRequest request) {
        String type = request.getParameter("client_assertion_type");
        String assertion = request.getParameter("client_assertion");
        if (!JWT_BEARER.equals(type) || assertion == null) {
            return null;
        }
        if (request.getParameterValues("client_assertion").length != 1) {
            throw new OAuth2AuthenticationException(OAuth2ErrorCodes.INVALID_REQUEST);
        }
        String clientId = request.getParameter("client_id");
        if (clientId == null || clientId.isBlank()) {
            try {
                clientId = SignedJWT.parse(assertion).getJWTClaimsSet().getSubject();
            } catch (ParseException e) {
                throw new OAuth2AuthenticationException(OAuth2ErrorCodes.INVALID_CLIENT);
            }
        }
        if (clientId == null || clientId.isBlank()) {
            throw new OAuth2AuthenticationException(OAuth2ErrorCodes.INVALID_CLIENT);
        }
        // The method Authorization Server's JWT assertion provider answers to (its own converter's value).
        return new OAuth2ClientAuthenticationToken(clientId, new ClientAuthenticationMethod(JWT_BEARER), assertion,
                Map.of());
    }
}
