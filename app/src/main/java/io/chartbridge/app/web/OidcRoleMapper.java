package io.chartbridge.app.web;

import java.util.Collection;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.authority.mapping.GrantedAuthoritiesMapper;
import org.springframework.security.oauth2.core.oidc.user.OidcUserAuthority;

/**
 * Gives an OIDC user the console roles their identity provider lists in one claim (e.g. {@code roles} or
 * {@code groups}: REVIEWER, MANAGER, ADMIN, case-insensitive). A user whose claim names none of them gets no role and
 * is refused every page: the provider decides who may review, not the console.
 */
final class OidcRoleMapper implements GrantedAuthoritiesMapper {

    private final String claim;

    OidcRoleMapper(String claim) {
        this.claim = claim;
    }

    @Override
    public Collection<? extends GrantedAuthority> mapAuthorities(Collection<? extends GrantedAuthority> authorities) {
        Set<GrantedAuthority> mapped = new HashSet<>();
        for (GrantedAuthority a : authorities) {
            if (a instanceof OidcUserAuthority oidc) {
                Object value = oidc.getIdToken().getClaims().get(claim);
                if (value == null && oidc.getUserInfo() != null) {
                    value = oidc.getUserInfo().getClaims().get(claim);
                }
                for (ConsoleProperties.Role role : roles(value)) {
                    mapped.add(new SimpleGrantedAuthority("ROLE_" + role.name()));
                }
            }
        }
        return mapped;
    }

    private static Set<ConsoleProperties.Role> roles(Object claimValue) {
        Set<ConsoleProperties.Role> roles = EnumSet.noneOf(ConsoleProperties.Role.class);
        Collection<?> values = claimValue instanceof Collection<?> c ? c
                : claimValue == null ? Set.of() : Set.of(claimValue.toString().split("[ ,]+"));
        for (Object v : values) {
            for (ConsoleProperties.Role r : ConsoleProperties.Role.values()) {
                if (r.name().equals(String.valueOf(v).toUpperCase(Locale.ROOT))) {
                    roles.add(r);
                }
            }
        }
        return roles;
    }
}
