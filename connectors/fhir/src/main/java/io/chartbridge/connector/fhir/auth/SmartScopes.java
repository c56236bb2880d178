package io.chartbridge.connector.fhir.auth;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * SMART system scopes, in both spellings: v1 ({@code system/Patient.read}, {@code .write}, {@code .*}) and v2
 * ({@code system/Patient.rs}, {@code .cruds}, any subset of c r u d s in that order); {@code *} as the type means
 * every type. What they allow is kept as interactions per type: c(reate) r(ead) u(pdate) d(elete) s(earch).
 * A scope narrowed by a query ({@code system/Observation.rs?category=laboratory}) allows only part of a type and so
 * never counts as allowing the type as a whole. Other scopes (openid, launch, user/...) are ignored.
 */
final class SmartScopes {

    private static final Pattern SYSTEM_SCOPE = Pattern.compile("system/([A-Za-z]+|\\*)\\.([a-z*]+)(\\?.*)?");
    private static final Pattern V2_PERMISSIONS = Pattern.compile("c?r?u?d?s?");
    static final String READ = "rs";
    static final String WRITE = "cu";

    private final Map<String, Set<Character>> allowed = new HashMap<>();
    private final boolean v2;
    private final List<String> scopes;

    private SmartScopes(Collection<String> scopes) {
        this.scopes = List.copyOf(scopes);
        boolean sawV2 = false;
        for (String scope : scopes) {
            Matcher m = SYSTEM_SCOPE.matcher(scope);
            if (!m.matches() || m.group(3) != null) {
                continue;
            }
            String permissions = switch (m.group(2)) {
                case "read" -> "rs";
                case "write" -> "cud";
                case "*" -> "cruds";
                default -> V2_PERMISSIONS.matcher(m.group(2)).matches() ? m.group(2) : "";
            };
            sawV2 |= !m.group(2).equals("read") && !m.group(2).equals("write") && !m.group(2).equals("*");
            Set<Character> set = allowed.computeIfAbsent(m.group(1), k -> new LinkedHashSet<>());
            permissions.chars().forEach(c -> set.add((char) c));
        }
        this.v2 = sawV2;
    }

    static SmartScopes of(Collection<String> scopes) {
        return new SmartScopes(scopes);
    }

    static SmartScopes parse(String spaceSeparated) {
        return of(spaceSeparated == null || spaceSeparated.isBlank() ? List.of()
                : List.of(spaceSeparated.strip().split("\\s+")));
    }

    /** Whether these scopes allow every one of {@code interactions} (letters of "cruds") on {@code type}. */
    boolean allows(String type, String interactions) {
        for (char c : interactions.toCharArray()) {
            if (!allowed.getOrDefault(type, Set.of()).contains(c) && !allowed.getOrDefault("*", Set.of()).contains(c)) {
                return false;
            }
        }
        return true;
    }

    /**
     * The scopes that would add what is missing, written the way these scopes are ({@code system/Encounter.write}
     * or, for v2 scopes, {@code system/Encounter.cu}), for each type in {@code needs} they do not cover.
     */
    List<String> missing(List<Need> needs) {
        List<String> out = new ArrayList<>();
        for (Need need : needs) {
            if (!allows(need.type(), need.interactions())) {
                out.add("system/" + need.type() + "."
                        + (v2 ? need.interactions() : need.interactions().equals(READ) ? "read" : "write"));
            }
        }
        return out;
    }

    /** Interactions (letters of "cruds") a run needs on a resource type. */
    record Need(String type, String interactions) { }

    /** The requested scopes this grant does not cover (a wider granted scope covers a narrower request). */
    List<String> notCovering(SmartScopes requested) {
        List<String> out = new ArrayList<>();
        for (String scope : requested.scopes) {
            Matcher m = SYSTEM_SCOPE.matcher(scope);
            if (m.matches() && m.group(3) == null) {
                SmartScopes one = of(List.of(scope));
                String type = m.group(1);
                String letters = one.allowed.getOrDefault(type, Set.of()).stream().map(String::valueOf)
                        .reduce("", String::concat);
                if (!allows(type, letters)) {
                    out.add(scope);
                }
            } else if (!scopes.contains(scope)) {
                out.add(scope);
            }
        }
        return out;
    }

    @Override
    public String toString() {
        return String.join(" ", scopes);
    }
}
