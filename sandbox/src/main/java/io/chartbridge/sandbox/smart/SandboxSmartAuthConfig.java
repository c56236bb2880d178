package io.chartbridge.sandbox.smart;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.server.RestfulServer;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.servlet.DelegatingFilterProxyRegistrationBean;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.authorization.authentication.JwtClientAssertionAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.client.InMemoryRegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.config.annotation.web.configurers.OAuth2AuthorizationServerConfigurer;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.security.oauth2.server.authorization.settings.TokenSettings;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;

/**
 * {@code --auth smart}: the sandbox behind a real OAuth 2.0 authorization server (Spring Authorization Server, in
 * this process) as an EHR's FHIR API is behind SMART Backend Services. The token endpoint ({@code /oauth2/token})
 * takes client credentials with a signed assertion ({@code private_key_jwt}) from the demo client; the FHIR endpoint
 * answers 401 without a valid access token and 403 when the token's scopes do not allow the interaction. Open to all:
 * {@code /fhir/metadata}, {@code /fhir/.well-known/smart-configuration} and the token signing keys
 * ({@code /oauth2/jwks}).
 */
@Configuration(proxyBeanMethods = false)
@EnableWebSecurity
public class SandboxSmartAuthConfig {

    private static final Logger LOG = LoggerFactory.getLogger(SandboxSmartAuthConfig.class);

    /** The issuer and the token endpoint's base: this server, on 127.0.0.1. */
    @Bean
    String sandboxIssuer(@Value("${sandbox.port}") int port) {
        return "http://127.0.0.1:" + port;
    }

    @Bean
    JWKSet demoClientKeys(@Value("${sandbox.smart.dir}") Path dir) {
        return SandboxDemoClient.publicKeys(dir);
    }

    /**
     * The demo client, allowed every SMART system scope (v1 and v2 spellings, every R4 type and {@code *}): what a
     * token grants is what the client asks for, so a test can ask for less and see the 403.
     */
    @Bean
    RegisteredClientRepository registeredClients(FhirContext fhir,
            @Value("${sandbox.smart.token-ttl-seconds}") long ttlSeconds) {
        Set<String> scopes = new LinkedHashSet<>();
        Set<String> types = new LinkedHashSet<>(fhir.getResourceTypes());
        types.add("*");
        for (String type : types) {
            for (String permission : new String[] {"read", "write", "*", "rs", "cu", "cud", "cruds", "r", "s", "c",
                    "u", "d"}) {
                scopes.add("system/" + type + "." + permission);
            }
        }
        RegisteredClient demo = RegisteredClient.withId(UUID.randomUUID().toString())
                .clientId(SandboxDemoClient.CLIENT_ID)
                .clientAuthenticationMethod(ClientAuthenticationMethod.PRIVATE_KEY_JWT)
                .authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
                .scopes(s -> s.addAll(scopes))
                .clientSettings(ClientSettings.builder()
                        .tokenEndpointAuthenticationSigningAlgorithm(SignatureAlgorithm.RS384).build())
                .tokenSettings(TokenSettings.builder().accessTokenTimeToLive(Duration.ofSeconds(ttlSeconds)).build())
                .build();
        return new InMemoryRegisteredClientRepository(demo);
    }

    /** Signs access tokens. Made anew at every start: tokens from before a restart are refused (401), as they would be. */
    @Bean
    RSAKey accessTokenKey() throws JOSEException {
        return new RSAKeyGenerator(2048).keyID("sandbox-" + UUID.randomUUID()).generate();
    }

    @Bean
    JWKSource<SecurityContext> jwkSource(RSAKey accessTokenKey) {
        return new ImmutableJWKSet<>(new JWKSet(accessTokenKey));
    }

    @Bean
    AuthorizationServerSettings authorizationServerSettings(String sandboxIssuer) {
        return AuthorizationServerSettings.builder().issuer(sandboxIssuer).build();
    }

    /** One line per token issued, for whoever watches the sandbox's log (and for tests that count). */
    @Bean
    OAuth2TokenCustomizer<JwtEncodingContext> logIssuedTokens() {
        return context -> LOG.info("Issued an access token to client '{}' (scope '{}', valid {} s)",
                context.getRegisteredClient().getClientId(), String.join(" ", context.getAuthorizedScopes()),
                context.getRegisteredClient().getTokenSettings().getAccessTokenTimeToLive().toSeconds());
    }

    @Bean
    @Order(1)
    SecurityFilterChain authorizationServer(HttpSecurity http, JWKSet demoClientKeys) throws Exception {
        OAuth2AuthorizationServerConfigurer server = OAuth2AuthorizationServerConfigurer.authorizationServer();
        ClientAssertionDecoders decoders = new ClientAssertionDecoders(demoClientKeys);
        http.securityMatcher(server.getEndpointsMatcher())
                .with(server, as -> as.clientAuthentication(clients -> clients
                        .authenticationConverters(converters -> converters.add(0, new SmartClientAssertionConverter()))
                        .authenticationProviders(providers -> providers.forEach(p -> {
                            if (p instanceof JwtClientAssertionAuthenticationProvider jwt) {
                                jwt.setJwtDecoderFactory(decoders);
                            }
                        }))))
                .authorizeHttpRequests(a -> a.anyRequest().authenticated());
        return http.build();
    }

    /**
     * The FHIR endpoint as a resource server. No clock tolerance on the token's end, so an ended token is refused at
     * once (what a client that renews late meets on a strict EHR). Bearer tokens, no cookies, no sessions: nothing
     * for CSRF protection to guard.
     */
    @Bean
    @Order(2)
    SecurityFilterChain fhirResourceServer(HttpSecurity http, RSAKey accessTokenKey, String sandboxIssuer)
            throws Exception {
        NimbusJwtDecoder decoder = NimbusJwtDecoder.withPublicKey(accessTokenKey.toRSAPublicKey()).build();
        decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(new JwtTimestampValidator(Duration.ZERO),
                new JwtIssuerValidator(sandboxIssuer)));
        JwtDecoder accessTokens = decoder;
        PathPatternRequestMatcher.Builder path = PathPatternRequestMatcher.withDefaults();
        http.authorizeHttpRequests(a -> a
                        .requestMatchers(path.matcher("/fhir/metadata"),
                                path.matcher("/fhir/.well-known/smart-configuration")).permitAll()
                        .anyRequest().authenticated())
                .oauth2ResourceServer(rs -> rs.jwt(jwt -> jwt.decoder(accessTokens)))
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .csrf(csrf -> csrf.disable());
        return http.build();
    }

    /** No Spring Boot auto-configuration here: the security filter chain is put in front of every servlet by hand. */
    @Bean
    DelegatingFilterProxyRegistrationBean securityFilterRegistration() {
        DelegatingFilterProxyRegistrationBean registration =
                new DelegatingFilterProxyRegistrationBean("springSecurityFilterChain");
        registration.addUrlPatterns("/*");
        return registration;
    }

    /**
     * The authorization server's endpoints are filters, and Tomcat runs filters only for a path some servlet is mapped
     * to (the sandbox has no default servlet): this one gives them their paths. It answers 404 to whatever the
     * filters let through.
     */
    @Bean
    ServletRegistrationBean<NotFoundServlet> authorizationServerPaths() {
        ServletRegistrationBean<NotFoundServlet> registration = new ServletRegistrationBean<>(new NotFoundServlet(),
                "/oauth2/*", "/.well-known/*");
        registration.setName("authorization-server");
        return registration;
    }

    @Bean
    ServletRegistrationBean<SmartConfigurationServlet> smartConfiguration(String sandboxIssuer) {
        ServletRegistrationBean<SmartConfigurationServlet> registration = new ServletRegistrationBean<>(
                new SmartConfigurationServlet(sandboxIssuer), "/fhir/.well-known/smart-configuration");
        registration.setName("smart-configuration");
        return registration;
    }

    @Bean
    SmartInitializingSingleton scopeAuthorization(RestfulServer fhirServer, String sandboxIssuer) {
        return () -> {
            fhirServer.registerInterceptor(new SmartScopeAuthorization());
            LOG.info("SMART Backend Services on: token endpoint {}/oauth2/token, demo client '{}'", sandboxIssuer,
                    SandboxDemoClient.CLIENT_ID);
        };
    }
}
