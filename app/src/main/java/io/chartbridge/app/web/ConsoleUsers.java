package io.chartbridge.app.web;

import io.chartbridge.core.FatalSetupException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;

/** Builds the console's users from configuration; refuses to start without any, or with a hash that is not BCrypt. */
final class ConsoleUsers {

    private static final Pattern BCRYPT = Pattern.compile("^\\$2[aby]?\\$\\d{2}\\$[./A-Za-z0-9]{53}$");

    private ConsoleUsers() {
    }

    static InMemoryUserDetailsManager from(ConsoleProperties properties) {
        if (properties.users().isEmpty()) {
            throw new FatalSetupException("No console users are configured: set chartbridge.console.users[0].username,"
                    + " .password-hash (BCrypt) and .roles (see docs/console.md), or start with --demo for the demo logins");
        }
        List<UserDetails> users = new ArrayList<>();
        for (ConsoleProperties.User u : properties.users()) {
            if (!BCRYPT.matcher(u.passwordHash()).matches()) {
                throw new FatalSetupException("chartbridge.console.users: the password-hash of user '" + u.username()
                        + "' is not a BCrypt hash (see docs/console.md for how to make one)");
            }
            users.add(User.withUsername(u.username())
                    .password(u.passwordHash())
                    .roles(u.roles().stream().map(Enum::name).toArray(String[]::new))
                    .build());
        }
        return new InMemoryUserDetailsManager(users);
    }
}
