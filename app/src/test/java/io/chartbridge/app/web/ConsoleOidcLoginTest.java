package io.chartbridge.app.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.startsWith;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.chartbridge.app.review.CodeTables;
import io.chartbridge.app.review.ReviewService;
import io.chartbridge.core.review.PhiAccessLog;
import io.chartbridge.core.review.ReviewQueue;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.core.oidc.OidcIdToken;
import org.springframework.security.oauth2.core.oidc.user.OidcUserAuthority;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

/** With an identity provider configured, the login page offers it and sends the browser to its authorize endpoint. */
@WebMvcTest(controllers = ReviewPageController.class, properties = {
        "spring.security.oauth2.client.registration.corp.client-id=chartbridge-console",
        "spring.security.oauth2.client.registration.corp.client-secret=test-only",
        "spring.security.oauth2.client.registration.corp.client-name=Corp SSO",
        "spring.security.oauth2.client.registration.corp.authorization-grant-type=authorization_code",
        "spring.security.oauth2.client.registration.corp.redirect-uri={baseUrl}/login/oauth2/code/{registrationId}",
        "spring.security.oauth2.client.registration.corp.scope=openid,profile",
        "spring.security.oauth2.client.provider.corp.authorization-uri=https://idp.invalid/authorize",
        "spring.security.oauth2.client.provider.corp.token-uri=https://idp.invalid/token",
        "spring.security.oauth2.client.provider.corp.jwk-set-uri=https://idp.invalid/jwks",
        "spring.security.oauth2.client.provider.corp.user-name-attribute=preferred_username"})
@Import(ConsoleSecurityConfiguration.class)
@ActiveProfiles({"console", "console-demo"})
class ConsoleOidcLoginTest {

    @Autowired
    MockMvc mvc;

    @MockitoBean
    ReviewService reviews;
    @MockitoBean
    CodeTables codeTables;
    @MockitoBean
    ReviewQueue queue;
    @MockitoBean
    PhiAccessLog phi;

    @Test
    void loginPageOffersTheIdentityProviderNextToTheForm() throws Exception {
        mvc.perform(get("/login")).andExpect(status().isOk())
                .andExpect(content().string(containsString("Log in with Corp SSO")))
                .andExpect(content().string(containsString("id=\"password\"")));
    }

    @Test
    void providerLinkRedirectsToItsAuthorizeEndpoint() throws Exception {
        mvc.perform(get("/oauth2/authorization/corp")).andExpect(status().isFound())
                .andExpect(header().string("Location", startsWith("https://idp.invalid/authorize?")));
    }

    @Test
    void oidcUserGetsOnlyTheConsoleRolesTheirRolesClaimNames() {
        OidcIdToken token = new OidcIdToken("t", Instant.now(), Instant.now().plusSeconds(60),
                Map.of("sub", "u1", "roles", List.of("reviewer", "payroll")));

        var mapped = new OidcRoleMapper("roles").mapAuthorities(List.of(new OidcUserAuthority(token)));

        assertThat(mapped).extracting(GrantedAuthority::getAuthority).containsExactly("ROLE_REVIEWER");
    }
}
