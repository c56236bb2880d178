package io.chartbridge.matching.rules;

import io.chartbridge.matching.PatientRecord;

import java.util.List;
import java.util.Locale;

/** The fields of a {@link PatientRecord} that a comparison can name, by their rules-file spelling. */
public enum PatientField {
    GIVEN_NAME, MIDDLE_NAME, FAMILY_NAME, BIRTH_DATE, SEX, ADDRESS_LINE, POSTAL_CODE, CITY, PHONE, EMAIL, IDENTIFIER,
    /** Whether given and family name were compared as written or exchanged ({@code PairScorer} decides). */
    NAME_ORDER;

    public String fileName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static PatientField fromFileName(String name) {
        for (PatientField f : values()) {
            if (f.fileName().equals(name)) {
                return f;
            }
        }
        throw new IllegalArgumentException("unknown field '" + name + "'; known: "
                + java.util.Arrays.stream(values()).map(PatientField::fileName).toList());
    }

    /** Values of a single- or multi-valued field; identifiers are handled by {@link Comparison}. */
    List<String> values(PatientRecord r) {
        return switch (this) {
            case GIVEN_NAME -> single(r.given());
            case MIDDLE_NAME -> single(r.middle());
            case FAMILY_NAME -> single(r.family());
            case BIRTH_DATE -> single(r.birthDate());
            case SEX -> single(r.sex());
            case ADDRESS_LINE -> single(r.addressLine());
            case POSTAL_CODE -> single(r.postalCode());
            case CITY -> single(r.city());
            case PHONE -> r.phones();
            case EMAIL -> r.emails();
            case IDENTIFIER -> throw new IllegalStateException("identifiers are compared per system");
            case NAME_ORDER -> throw new IllegalStateException("the name order is decided by the scorer");
        };
    }

    private static List<String> single(String v) {
        return v == null ? List.of() : List.of(v);
    }
}
