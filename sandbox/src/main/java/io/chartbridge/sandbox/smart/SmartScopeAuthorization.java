package io.chartbridge.sandbox.smart;

import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import ca.uhn.fhir.rest.server.interceptor.auth.AuthorizationInterceptor;
import ca.uhn.fhir.rest.server.interceptor.auth.IAuthRule;
import ca.uhn.fhir.rest.server.interceptor.auth.IAuthRuleBuilderAppliesTo;
import ca.uhn.fhir.rest.server.interceptor.auth.PolicyEnum;
import ca.uhn.fhir.rest.server.interceptor.auth.RuleBuilder;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * What a request may do, from the SMART system scopes of its access token, enforced by HAPI's own
 * {@link AuthorizationInterceptor} (also inside transactions and batches, entry by entry): {@code .read} (v2
 * {@code r}, {@code s}) reads and searches, {@code .write} (v2 {@code c}, {@code u}) creates and updates,
 * conditionally too, v2 {@code d} or v1 {@code .write} deletes; {@code *} as the type means every type. Anything
 * else is refused with 403 and a message naming the token's scopes. The CapabilityStatement is open to all.
 */
final class SmartScopeAuthorization extends AuthorizationInterceptor {

    private static final Pattern SYSTEM_SCOPE = Pattern.compile("system/([A-Za-z]+|\\*)\\.([a-z*]+)");

    SmartScopeAuthorization() {
        super(PolicyEnum.DENY);
    }

    @Override
    public List<IAuthRule> buildRuleList(RequestDetails request) {
        RuleBuilder rules = new RuleBuilder();
        rules.allow("capability statement").metadata();
        permissions(scopes()).forEach((type, letters) -> {
            if (letters.contains('r') || letters.contains('s')) {
                of(type, rules.allow(type + " read").read()).withAnyId();
            }
            if (letters.contains('c') || letters.contains('u')) {
                of(type, rules.allow(type + " write").write()).withAnyId();
                of(type, rules.allow(type + " conditional create").createConditional());
                of(type, rules.allow(type + " conditional update").updateConditional());
            }
            if (letters.contains('d')) {
                of(type, rules.allow(type + " delete").delete()).withAnyId();
            }
        });
        rules.allow("transactions and batches, entry by entry").transaction().withAnyOperation().andApplyNormalRules();
        return rules.build();
    }

    private static <T> T of(String type, IAuthRuleBuilderAppliesTo<T> rule) {
        return type.equals("*") ? rule.allResources() : rule.resourcesOfType(type);
    }

    @Override
    protected void handleDeny(RequestDetails request, Verdict verdict) {
        String what = request.getRestOperationType() == null ? "this request"
                : request.getRestOperationType().getCode() + (request.getResourceName() == null ? ""
                : " of " + request.getResourceName());
        throw new ForbiddenOperationException("Access denied: the access token's scopes ("
                + String.join(" ", scopes()) + ") do not allow " + what);
    }

    /** The scopes of the request's access token, as Spring Security's resource server read them. */
    static Set<String> scopes() {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        Set<String> out = new TreeSet<>();
        if (auth != null) {
            for (GrantedAuthority a : auth.getAuthorities()) {
                if (a.getAuthority().startsWith("SCOPE_")) {
                    out.add(a.getAuthority().substring("SCOPE_".length()));
                }
            }
        }
        return out;
    }

    /** Interactions (letters of "cruds") per type, v1 and v2 spellings alike. */
    static Map<String, Set<Character>> permissions(Set<String> scopes) {
        Function<String, String> letters = p -> switch (p) {
            case "read" -> "rs";
            case "write" -> "cud";
            case "*" -> "cruds";
            default -> p.matches("c?r?u?d?s?") ? p : "";
        };
        Map<String, Set<Character>> out = new TreeMap<>();
        for (String scope : scopes) {
            Matcher m = SYSTEM_SCOPE.matcher(scope);
            if (m.matches()) {
                Set<Character> set = out.computeIfAbsent(m.group(1), k -> new TreeSet<>());
                letters.apply(m.group(2)).chars().forEach(c -> set.add((char) c));
            }
        }
        return out;
    }
}
