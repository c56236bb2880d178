package io.chartbridge.sandbox.smart;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtDecoderFactory;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.authorization.authentication.JwtClientAssertionDecoderFactory;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;

/**
 * Checks a backend client's signed assertion as SMART Backend Services asks an EHR to: signed RS384 or ES384 by a key
 * the client registered (looked up by {@code kid} among the demo client's public keys, held in this process instead
 * of fetched from a JWK Set URL), Authorization Server's own checks ({@code iss} = {@code sub} = client id, {@code aud}
 * the token endpoint, {@code exp} not passed), {@code exp} at most five minutes ahead, and a {@code jti} never seen
 * before. Why an assertion was refused goes to the sandbox's log; the client hears {@code invalid_client}, as from a
 * real EHR.
 */
final class ClientAssertionDecoders implements JwtDecoderFactory<RegisteredClient> {

    private static final Logger LOG = LoggerFactory.getLogger(ClientAssertionDecoders.class);
    /** SMART's five minutes, plus the minute of clock difference Authorization Server allows elsewhere. */
    static final Duration MAX_AHEAD = Duration.ofMinutes(6);

    private final JWKSet publicKeys;
    private final Map<String, Instant> seenJti = new ConcurrentHashMap<>();

    ClientAssertionDecoders(JWKSet publicKeys) {
        this.publicKeys = publicKeys;
    }

    @Override
    public JwtDecoder createDecoder(RegisteredClient client) {
        DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(Set.of(JWSAlgorithm.RS384, JWSAlgorithm.ES384),
                new ImmutableJWKSet<>(publicKeys)));
        // The claims are Spring's validators' to check (below), with their messages.
        processor.setJWTClaimsSetVerifier((claims, context) -> { });
        NimbusJwtDecoder decoder = new NimbusJwtDecoder(processor);
        decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(
                JwtClientAssertionDecoderFactory.DEFAULT_JWT_VALIDATOR_FACTORY.apply(client),
                this::expiresWithinFiveMinutes, this::jtiUsedOnce));
        return token -> {
            try {
                return decoder.decode(token);
            } catch (JwtException e) {
                LOG.info("Refused a client assertion of client '{}': {}", client.getClientId(), e.getMessage());
                throw e;
            }
        };
    }

    private OAuth2TokenValidatorResult expiresWithinFiveMinutes(Jwt jwt) {
        Instant exp = jwt.getExpiresAt();
        if (exp != null && exp.isAfter(Instant.now().plus(MAX_AHEAD))) {
            return failure("exp is more than five minutes in the future (is the client's clock ahead?)");
        }
        return OAuth2TokenValidatorResult.success();
    }

    private OAuth2TokenValidatorResult jtiUsedOnce(Jwt jwt) {
        String jti = jwt.getId();
        if (jti == null || jti.isBlank()) {
            return failure("jti is missing");
        }
        Instant now = Instant.now();
        seenJti.values().removeIf(until -> until.isBefore(now));
        Instant keepUntil = jwt.getExpiresAt() == null ? now.plus(MAX_AHEAD) : jwt.getExpiresAt().plus(MAX_AHEAD);
        if (seenJti.putIfAbsent(jti, keepUntil) != null) {
            return failure("jti was used before (a replayed assertion)");
        }
        return OAuth2TokenValidatorResult.success();
    }

    private static OAuth2TokenValidatorResult failure(String why) {
        return OAuth2TokenValidatorResult.failure(new OAuth2Error("invalid_client", why, null));
    }
}
