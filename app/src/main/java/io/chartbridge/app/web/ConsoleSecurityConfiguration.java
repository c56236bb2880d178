package io.chartbridge.app.web;

import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.hierarchicalroles.RoleHierarchy;
import org.springframework.security.access.hierarchicalroles.RoleHierarchyImpl;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.authentication.HttpStatusEntryPoint;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;

/**
 * Who may do what. Two chains: the JSON API (HTTP Basic, stateless, 401 for anonymous calls; no session cookie
 * authenticates it, so it needs no CSRF token) and the pages (form login, session, CSRF on every POST).
 * ADMIN includes MANAGER, which includes REVIEWER. OIDC login is added when an identity provider is configured.
 * Both chains turn password logins away for a while after repeated failures ({@link LoginBackoff}).
 */
@Configuration
@Profile("console")
@EnableWebSecurity
@EnableConfigurationProperties(ConsoleProperties.class)
public class ConsoleSecurityConfiguration {

    static final String CSP = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self';"
            + " object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    @Bean
    @Order(1)
    SecurityFilterChain apiChain(HttpSecurity http, LoginBackoff loginBackoff) throws Exception {
        http.securityMatcher("/api/**")
                .addFilterBefore(new LoginBackoffFilter(loginBackoff, true), BasicAuthenticationFilter.class)
                .authorizeHttpRequests(a -> a
                        .requestMatchers("/api/review/items/*/audit").hasRole("MANAGER")
                        .anyRequest().hasRole("REVIEWER"))
                .httpBasic(b -> b.authenticationEntryPoint(new HttpStatusEntryPoint(HttpStatus.UNAUTHORIZED)))
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .csrf(c -> c.disable())
                .exceptionHandling(e -> e.authenticationEntryPoint(new HttpStatusEntryPoint(HttpStatus.UNAUTHORIZED)))
                .headers(ConsoleSecurityConfiguration::headers);
        return http.build();
    }

    @Bean
    @Order(2)
    SecurityFilterChain pageChain(HttpSecurity http, ObjectProvider<ClientRegistrationRepository> oidc,
                                  ConsoleProperties properties, LoginBackoff loginBackoff) throws Exception {
        http.addFilterBefore(new LoginBackoffFilter(loginBackoff, false), UsernamePasswordAuthenticationFilter.class)
                .authorizeHttpRequests(a -> a
                        .requestMatchers("/login", "/css/**", "/js/**", "/favicon.ico", "/error").permitAll()
                        // The API's description holds no record data; clients fetch it before they authenticate.
                        .requestMatchers("/v3/api-docs", "/v3/api-docs/**").permitAll()
                        .requestMatchers("/admin/**").hasRole("ADMIN")
                        .requestMatchers("/audit/**").hasRole("MANAGER")
                        // The full diff reads every resource back and may show values: the manager's.
                        .requestMatchers("/dashboard/diff").hasRole("MANAGER")
                        .anyRequest().hasRole("REVIEWER"))
                .formLogin(f -> f.loginPage("/login").defaultSuccessUrl("/review", false).permitAll())
                .logout(l -> l.logoutSuccessUrl("/login?logout").permitAll())
                .csrf(Customizer.withDefaults())
                .headers(ConsoleSecurityConfiguration::headers);
        // OIDC login only when an identity provider is configured (spring.security.oauth2.client.registration.*).
        if (oidc.getIfAvailable() != null) {
            http.oauth2Login(o -> o.loginPage("/login").defaultSuccessUrl("/review", false)
                    .userInfoEndpoint(u -> u.userAuthoritiesMapper(new OidcRoleMapper(properties.oidcRolesClaim()))));
        }
        return http.build();
    }

    private static void headers(org.springframework.security.config.annotation.web.configurers.HeadersConfigurer<HttpSecurity> h) {
        h.contentSecurityPolicy(csp -> csp.policyDirectives(CSP))
                .frameOptions(f -> f.deny())
                .contentTypeOptions(Customizer.withDefaults())
                .referrerPolicy(r -> r.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.NO_REFERRER))
                .cacheControl(Customizer.withDefaults());
    }

    /** Failed password logins slow further attempts down, per user name and per address (docs/console.md). */
    @Bean
    LoginBackoff loginBackoff(ConsoleProperties properties) {
        return new LoginBackoff(properties.loginBackoff(), Clock.systemUTC());
    }

    @Bean
    static RoleHierarchy roleHierarchy() {
        return RoleHierarchyImpl.fromHierarchy("ROLE_ADMIN > ROLE_MANAGER\nROLE_MANAGER > ROLE_REVIEWER");
    }

    @Bean
    PasswordEncoder passwordEncoder() {
        return new BCryptPasswordEncoder();
    }

    @Bean
    InMemoryUserDetailsManager consoleUsers(ConsoleProperties properties,
                                            ObjectProvider<ClientRegistrationRepository> oidc) {
        // With an identity provider, configured users are optional: everyone may log in through it instead.
        if (properties.users().isEmpty() && oidc.getIfAvailable() != null) {
            return new InMemoryUserDetailsManager();
        }
        return ConsoleUsers.from(properties);
    }
}
