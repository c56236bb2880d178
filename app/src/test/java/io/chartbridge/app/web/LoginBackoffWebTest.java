package io.chartbridge.app.web;

import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.chartbridge.app.review.CodeTables;
import io.chartbridge.app.review.ReviewService;
import io.chartbridge.core.review.PhiAccessLog;
import io.chartbridge.core.review.ReviewQueue;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

/**
 * Repeated failed logins, through the real security configuration with the demo users: after five wrong passwords
 * a user name is turned away for a while even with the right one (API: 429 with Retry-After; pages: the login page
 * says so), and so is an address after twenty; other users and addresses are not affected.
 */
@WebMvcTest(controllers = {ReviewPageController.class, ReviewApiController.class})
@Import(ConsoleSecurityConfiguration.class)
@ActiveProfiles({"console", "console-demo"})
class LoginBackoffWebTest {

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
    void afterFiveWrongPasswordsTheApiTurnsTheUserAwayEvenWithTheRightOne() throws Exception {
        for (int i = 0; i < 5; i++) {
            mvc.perform(get("/api/review/counts").with(from("10.1.0.1")).with(httpBasic("reviewer", "wrong")))
                    .andExpect(status().isUnauthorized());
        }

        mvc.perform(get("/api/review/counts").with(from("10.1.0.2")).with(httpBasic("reviewer", "reviewer-demo")))
                .andExpect(status().isTooManyRequests())
                .andExpect(header().string("Retry-After", "5"))
                .andExpect(content().string(Matchers.containsString("Too many failed logins")));
        mvc.perform(get("/api/review/counts").with(from("10.1.0.1")).with(httpBasic("admin", "admin-demo")))
                .andExpect(status().isOk());
    }

    @Test
    void afterFiveWrongPasswordsTheLoginPageTurnsTheUserAwayAndSaysSo() throws Exception {
        for (int i = 0; i < 5; i++) {
            mvc.perform(post("/login").with(from("10.2.0.1")).with(csrf()).param("username", "manager")
                            .param("password", "wrong"))
                    .andExpect(redirectedUrl("/login?error"));
        }

        mvc.perform(post("/login").with(from("10.2.0.1")).with(csrf()).param("username", "Manager")
                        .param("password", "manager-demo"))
                .andExpect(redirectedUrl("/login?locked"));
        mvc.perform(get("/login").param("locked", "")).andExpect(status().isOk())
                .andExpect(content().string(Matchers.containsString("Too many failed logins")));
    }

    @Test
    void anAddressTryingManyUserNamesIsTurnedAwayForEveryUser() throws Exception {
        for (int i = 0; i < 20; i++) {
            mvc.perform(get("/api/review/counts").with(from("10.3.0.1")).with(httpBasic("guess" + i, "wrong")))
                    .andExpect(status().isUnauthorized());
        }

        mvc.perform(get("/api/review/counts").with(from("10.3.0.1")).with(httpBasic("admin", "admin-demo")))
                .andExpect(status().isTooManyRequests());
        mvc.perform(get("/api/review/counts").with(from("10.3.0.2")).with(httpBasic("admin", "admin-demo")))
                .andExpect(status().isOk());
    }

    private static RequestPostProcessor from(String address) {
        return request -> {
            request.setRemoteAddr(address);
            return request;
        };
    }
}
