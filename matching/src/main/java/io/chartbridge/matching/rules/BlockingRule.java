package io.chartbridge.matching.rules;

import io.chartbridge.matching.PatientRecord;
import org.apache.commons.codec.language.DoubleMetaphone;

import java.util.ArrayList;
import java.util.List;

/**
 * Pairs are compared only when they share a blocking key of at least one rule. A rule's key joins the values of its
 * parts; a record lacking a part has no key for that rule. Multi-valued parts (phones, identifiers) give one key each.
 */
public record BlockingRule(String name, String description, List<String> parts) {

    public static final List<String> KNOWN_PARTS = List.of("identifier", "birth_date", "birth_date_either_order",
            "birth_year", "birth_month_day", "family_name", "given_name", "family_double_metaphone",
            "given_double_metaphone", "family_initial", "given_initial", "phone", "email", "postal_code");

    private static final DoubleMetaphone DOUBLE_METAPHONE = new DoubleMetaphone();

    public BlockingRule {
        for (String p : parts) {
            if (!KNOWN_PARTS.contains(p)) {
                throw new IllegalArgumentException("blocking rule " + name + ": unknown key part '" + p + "'; known: "
                        + KNOWN_PARTS);
            }
        }
    }

    /** The fields this rule's keys are made of: pairs it finds agree on them by construction. */
    public java.util.Set<PatientField> fields() {
        java.util.Set<PatientField> out = java.util.EnumSet.noneOf(PatientField.class);
        for (String p : parts) {
            out.add(switch (p) {
                case "identifier" -> PatientField.IDENTIFIER;
                case "birth_date", "birth_date_either_order", "birth_year", "birth_month_day" ->
                        PatientField.BIRTH_DATE;
                case "family_name", "family_double_metaphone", "family_initial" -> PatientField.FAMILY_NAME;
                case "given_name", "given_double_metaphone", "given_initial" -> PatientField.GIVEN_NAME;
                case "phone" -> PatientField.PHONE;
                case "email" -> PatientField.EMAIL;
                case "postal_code" -> PatientField.POSTAL_CODE;
                default -> throw new IllegalStateException(p);
            });
        }
        return out;
    }

    /**
     * The record's keys for this rule. A rule made of name parts gives the keys of each of the record's names (its
     * own and its other names, a maiden name for instance), so that a record is found under any name it carries.
     */
    public List<String> keys(PatientRecord r) {
        if (r.otherNames().isEmpty() || parts.stream().noneMatch(NAME_PARTS::contains)) {
            return keysOfOneName(r);
        }
        java.util.LinkedHashSet<String> all = new java.util.LinkedHashSet<>();
        for (PatientRecord view : r.nameViews()) {
            all.addAll(keysOfOneName(view));
        }
        return List.copyOf(all);
    }

    private static final java.util.Set<String> NAME_PARTS = java.util.Set.of("family_name", "given_name",
            "family_double_metaphone", "given_double_metaphone", "family_initial", "given_initial");

    private List<String> keysOfOneName(PatientRecord r) {
        List<String> keys = new ArrayList<>(List.of(name));
        for (String part : parts) {
            List<String> values = values(part, r);
            if (values.isEmpty()) {
                return List.of();
            }
            List<String> next = new ArrayList<>(keys.size() * values.size());
            for (String k : keys) {
                for (String v : values) {
                    next.add(k + '\u001f' + v);
                }
            }
            keys = next;
        }
        return keys;
    }

    private static List<String> values(String part, PatientRecord r) {
        return switch (part) {
            case "identifier" -> r.identifiers().stream().map(i -> i.system() + "|" + i.value()).toList();
            case "birth_date" -> one(r.birthDate());
            case "birth_date_either_order" -> one(eitherOrder(r.birthDate()));
            case "birth_year" -> one(r.birthDate() == null || r.birthDate().length() < 4 ? null
                    : r.birthDate().substring(0, 4));
            case "birth_month_day" -> one(r.birthDate() == null || r.birthDate().length() < 10 ? null
                    : r.birthDate().substring(5));
            case "family_name" -> one(r.family());
            case "given_name" -> one(r.given());
            case "family_double_metaphone" -> one(r.family() == null ? null : DOUBLE_METAPHONE.doubleMetaphone(r.family()));
            case "given_double_metaphone" -> one(r.given() == null ? null : DOUBLE_METAPHONE.doubleMetaphone(r.given()));
            case "family_initial" -> one(r.family() == null ? null : r.family().substring(0, 1));
            case "given_initial" -> one(r.given() == null ? null : r.given().substring(0, 1));
            case "phone" -> r.phones();
            case "email" -> r.emails();
            case "postal_code" -> one(r.postalCode());
            default -> throw new IllegalStateException(part);
        };
    }

    /**
     * The birth date with its day and month in ascending order ({@code 1974-05-04} and {@code 1974-04-05} both give
     * {@code 1974-04-05}), so that a record whose day and month were swapped shares the key; a date not written as
     * {@code YYYY-MM-DD} is its own key.
     */
    static String eitherOrder(String birthDate) {
        if (birthDate == null || DateParts.parse(birthDate) == null) {
            return birthDate;
        }
        String month = birthDate.substring(5, 7);
        String day = birthDate.substring(8, 10);
        return month.compareTo(day) <= 0 ? birthDate : birthDate.substring(0, 5) + day + '-' + month;
    }

    private static List<String> one(String v) {
        return v == null || v.isEmpty() ? List.of() : List.of(v);
    }
}
