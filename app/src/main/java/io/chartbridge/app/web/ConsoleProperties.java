package io.chartbridge.app.web;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The console's settings ({@code chartbridge.console.*}).
 *
 * @param project      the project whose ledger and target the console works on
 * @param users        who may log in: username, BCrypt hash of the password, roles (REVIEWER, MANAGER, ADMIN).
 *                     No default: the console refuses to start without at least one user
 * @param claimTimeout how long a claimed item stays with its reviewer before it returns to the queue
 * @param oidcRolesClaim the ID token (or user info) claim that lists an OIDC user's console roles; OIDC login is on
 *                       only when a {@code spring.security.oauth2.client.registration} is configured
 * @param loginBackoff   how failed password logins slow down further attempts (see {@link LoginBackoff})
 */
@Validated
@ConfigurationProperties("chartbridge.console")
public record ConsoleProperties(String project, @Valid List<User> users,
                                @DefaultValue("30m") Duration claimTimeout,
                                @DefaultValue("roles") String oidcRolesClaim,
                                @DefaultValue @Valid LoginBackoffSettings loginBackoff) {

    public ConsoleProperties {
        users = users == null ? List.of() : List.copyOf(users);
        oidcRolesClaim = oidcRolesClaim == null ? "roles" : oidcRolesClaim;
        loginBackoff = loginBackoff == null ? LoginBackoffSettings.DEFAULTS : loginBackoff;
    }

    /**
     * After {@code freeFailuresPerUser} failed logins in a row for one user name (or {@code freeFailuresPerAddress}
     * from one address), further attempts are refused for {@code firstDelay}, doubling with each further failure up
     * to {@code maxDelay}. At most {@code maxTracked} user names and as many addresses are remembered.
     */
    public record LoginBackoffSettings(@DefaultValue("5") @Min(1) int freeFailuresPerUser,
                                       @DefaultValue("20") @Min(1) int freeFailuresPerAddress,
                                       @DefaultValue("5s") Duration firstDelay,
                                       @DefaultValue("15m") Duration maxDelay,
                                       @DefaultValue("10000") @Min(1) int maxTracked) {

        public static final LoginBackoffSettings DEFAULTS = new LoginBackoffSettings(5, 20, Duration.ofSeconds(5),
                Duration.ofMinutes(15), 10_000);
    }

    /** One console user. The password is never configured in clear text, only its BCrypt hash. */
    public record User(@NotBlank String username, @NotBlank String passwordHash, @NotEmpty Set<Role> roles) {
    }

    /** What a user may do: REVIEWER decides items, MANAGER also sees the audit, ADMIN also the settings. */
    public enum Role { REVIEWER, MANAGER, ADMIN }
}
