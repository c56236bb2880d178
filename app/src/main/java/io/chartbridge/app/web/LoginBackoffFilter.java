package io.chartbridge.app.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Turns a login attempt away while {@link LoginBackoff} refuses its user name or address, before the password is
 * checked: the pages' form login (POST /login) is sent back to the login page with {@code ?locked}, an API call
 * with HTTP Basic credentials gets 429 with {@code Retry-After}. Other requests pass untouched.
 */
final class LoginBackoffFilter extends OncePerRequestFilter {

    private final LoginBackoff backoff;
    private final boolean api;

    /** {@code api}: the API chain (HTTP Basic), else the pages' chain (form login). */
    LoginBackoffFilter(LoginBackoff backoff, boolean api) {
        this.backoff = backoff;
        this.api = api;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String username = api ? basicUsername(request) : formUsername(request);
        Duration wait = username == null ? Duration.ZERO : backoff.refusedFor(username, request.getRemoteAddr());
        if (wait.isZero()) {
            chain.doFilter(request, response);
        } else if (api) {
            long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
            response.setStatus(HttpStatus.TOO_MANY_REQUESTS.value());
            response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
            response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
            response.setCharacterEncoding(StandardCharsets.UTF_8.name());
            response.getWriter().write("{\"type\":\"about:blank\",\"title\":\"Too Many Requests\",\"status\":429,"
                    + "\"detail\":\"Too many failed logins for this user or from this address; try again in "
                    + seconds + " s\"}");
        } else {
            response.sendRedirect(request.getContextPath() + "/login?locked");
        }
    }

    private static String formUsername(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        boolean login = "POST".equals(request.getMethod()) && "/login".equals(path);
        return login ? request.getParameter("username") : null;
    }

    /** The user name of an {@code Authorization: Basic} header, or null without a readable one. */
    private static String basicUsername(HttpServletRequest request) {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            return null;
        }
        try {
            String decoded = new String(Base64.getDecoder().decode(header.substring(6).strip()),
                    StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            return colon < 0 ? null : decoded.substring(0, colon);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
