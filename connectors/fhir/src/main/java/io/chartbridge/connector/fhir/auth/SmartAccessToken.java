package io.chartbridge.connector.fhir.auth;

import java.time.Duration;
import java.time.Instant;

/**
 * An access token with the moment it stops working and the scopes the server granted. {@link #toString()} never
 * shows the token.
 */
record SmartAccessToken(String value, Instant obtained, Instant expires, SmartScopes granted) {

    /**
     * Renewed ahead of its end by a fifth of its lifetime, at most a minute: a request started just before the end
     * must not arrive just after it.
     */
    Instant renewAt() {
        Duration lifetime = Duration.between(obtained, expires);
        Duration margin = lifetime.dividedBy(5);
        if (margin.compareTo(Duration.ofMinutes(1)) > 0) {
            margin = Duration.ofMinutes(1);
        }
        return expires.minus(margin);
    }

    @Override
    public String toString() {
        return "SmartAccessToken[expires " + expires + ", scope " + granted + "]";
    }
}
