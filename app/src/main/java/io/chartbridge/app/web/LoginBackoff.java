package io.chartbridge.app.web;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.security.authentication.event.AuthenticationFailureBadCredentialsEvent;
import org.springframework.security.authentication.event.AuthenticationSuccessEvent;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.authentication.WebAuthenticationDetails;

/**
 * Slows password guessing down: after a few failed logins in a row for one user name, or more from one address,
 * further attempts for it are refused without looking at the password, for a time that doubles with each further
 * failure up to a cap ({@link ConsoleProperties.LoginBackoffSettings}). Failures are counted from Spring Security's
 * authentication events, so form login and the API's HTTP Basic count alike, and unknown user names like known ones
 * (a guesser learns nothing from the back-off). A successful login clears its user name, not its address.
 *
 * <p>The memory is bounded: at most {@code maxTracked} user names and as many addresses (the least recently used
 * are forgotten first), each forgotten an hour after its last failure (or twice the cap, if longer), and user names
 * are cut to 256 characters. A refused attempt is answered at once instead of being held: holding requests would
 * let a guesser tie up the server's threads.
 */
public class LoginBackoff {

    private static final Logger LOG = LoggerFactory.getLogger(LoginBackoff.class);
    private static final int MAX_KEY_LENGTH = 256;

    /** Failed logins of one user name or address since its last success, and until when it is refused. */
    private record Failures(int count, Instant refusedUntil) {
    }

    private final ConsoleProperties.LoginBackoffSettings settings;
    private final Clock clock;
    private final Cache<String, Failures> users;
    private final Cache<String, Failures> addresses;

    public LoginBackoff(ConsoleProperties.LoginBackoffSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
        Duration forgetAfter = max(Duration.ofHours(1), settings.maxDelay().multipliedBy(2));
        this.users = memory(settings.maxTracked(), forgetAfter, clock);
        this.addresses = memory(settings.maxTracked(), forgetAfter, clock);
    }

    private static Cache<String, Failures> memory(int size, Duration forgetAfter, Clock clock) {
        return Caffeine.newBuilder().maximumSize(size).expireAfterWrite(forgetAfter)
                .ticker(() -> TimeUnit.MILLISECONDS.toNanos(clock.millis())).build();
    }

    /** How much longer attempts for this user name, or from this address, are refused; zero when they are not. */
    public Duration refusedFor(String username, String address) {
        Instant now = clock.instant();
        Instant until = later(until(users, userKey(username)), until(addresses, address));
        return until == null || !until.isAfter(now) ? Duration.ZERO : Duration.between(now, until);
    }

    /** A failed password login for {@code username} from {@code address} (either may be null). */
    public void failed(String username, String address) {
        count(users, userKey(username), settings.freeFailuresPerUser(), "user name");
        count(addresses, address, settings.freeFailuresPerAddress(), "address");
    }

    /** A successful login: the user name starts again from no failures. */
    public void succeeded(String username) {
        String key = userKey(username);
        if (key != null) {
            users.invalidate(key);
        }
    }

    @EventListener
    void onFailure(AuthenticationFailureBadCredentialsEvent event) {
        failed(event.getAuthentication().getName(), address(event.getAuthentication()));
    }

    @EventListener
    void onSuccess(AuthenticationSuccessEvent event) {
        succeeded(event.getAuthentication().getName());
    }

    /** How many user names and addresses are remembered now (for tests of the bound). */
    long remembered() {
        users.cleanUp();
        addresses.cleanUp();
        return users.estimatedSize() + addresses.estimatedSize();
    }

    private void count(Cache<String, Failures> memory, String key, int free, String what) {
        if (key == null) {
            return;
        }
        Instant now = clock.instant();
        Failures after = memory.asMap().compute(key, (k, before) -> {
            int count = before == null ? 1 : before.count() + 1;
            return new Failures(count, count < free ? null : now.plus(delay(count - free)));
        });
        if (after.count() == free) {
            // The name or address is not logged: a guesser's tries are not the log's business, the count is.
            LOG.warn("Console logins refused for a while for one {} after {} failed attempts", what, free);
        }
    }

    /** The first delay, doubled for each failure past the free ones, up to the cap. */
    private Duration delay(int pastFree) {
        Duration d = settings.firstDelay().multipliedBy(1L << Math.min(pastFree, 30));
        return d.compareTo(settings.maxDelay()) > 0 ? settings.maxDelay() : d;
    }

    private static Instant until(Cache<String, Failures> memory, String key) {
        Failures f = key == null ? null : memory.getIfPresent(key);
        return f == null ? null : f.refusedUntil();
    }

    private static Instant later(Instant a, Instant b) {
        return a == null ? b : b == null ? a : a.isAfter(b) ? a : b;
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    /** User names are compared as the console's user store does: ignoring case. */
    private static String userKey(String username) {
        if (username == null || username.isEmpty()) {
            return null;
        }
        String key = username.toLowerCase(Locale.ROOT);
        return key.length() > MAX_KEY_LENGTH ? key.substring(0, MAX_KEY_LENGTH) : key;
    }

    private static String address(Authentication authentication) {
        return authentication.getDetails() instanceof WebAuthenticationDetails web ? web.getRemoteAddress() : null;
    }
}
