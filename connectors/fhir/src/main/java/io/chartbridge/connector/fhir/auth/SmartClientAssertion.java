package io.chartbridge.connector.fhir.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;

/**
 * The signed JWT a SMART backend client authenticates with ({@code private_key_jwt}, RFC 7523), with the claims the
 * SMART App Launch specification asks for: {@code iss} and {@code sub} the client id, {@code aud} the token URL, a
 * unique {@code jti}, and {@code exp} no more than five minutes ahead; header {@code kid} and {@code typ: JWT}.
 */
final class SmartClientAssertion {

    /**
     * Four minutes, not five: a server whose clock runs a little behind ours still sees {@code exp} within the five
     * minutes it may accept. No {@code iat} or {@code nbf}: the specification does not ask for them, and a server
     * a few seconds behind would refuse an assertion "issued in the future".
     */
    static final Duration LIFETIME = Duration.ofMinutes(4);

    private SmartClientAssertion() {
    }

    static String sign(SmartKey key, String clientId, String tokenUrl, Clock clock) {
        Instant now = clock.instant();
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(clientId)
                .subject(clientId)
                .audience(tokenUrl)
                .expirationTime(Date.from(now.plus(LIFETIME)))
                .jwtID(UUID.randomUUID().toString())
                .build();
        JWSHeader header = new JWSHeader.Builder(key.algorithm()).keyID(key.keyId()).type(JOSEObjectType.JWT).build();
        SignedJWT jwt = new SignedJWT(header, claims);
        try {
            jwt.sign(key.signer());
        } catch (JOSEException e) {
            throw new SmartAuthException("SMART auth: signing the client assertion with key '" + key.keyId()
                    + "' failed: " + e.getMessage(), e);
        }
        return jwt.serialize();
    }
}
