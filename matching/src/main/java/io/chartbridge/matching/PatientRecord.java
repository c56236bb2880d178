package io.chartbridge.matching;

import java.util.List;

/**
 * A patient reduced to what matching compares, already normalised (upper case, accents and punctuation removed,
 * phone digits only, e-mail lower case). Built from FHIR Patient JSON by {@link PatientRecordReader}.
 *
 * @param id            Patient resource id
 * @param given         first given name of the record's name (the official one when several are given), or null
 * @param middle        second given name (middle name or initial), or null
 * @param family        family name, or null
 * @param birthDate     birth date as written ({@code YYYY-MM-DD}), possibly not a valid calendar date, or null
 * @param sex           FHIR administrative gender code, or null (unknown counts as missing)
 * @param addressLine   first line of the first address, or null
 * @param postalCode    postal code of the first address, or null
 * @param city          city (town, suburb) of the first address, or null
 * @param phones        phone numbers, digits only, last ten digits
 * @param emails        e-mail addresses, lower case
 * @param identifiers   identifiers with their system
 * @param multipleBirth true when the record says the patient is one of a multiple birth
 * @param birthOrder    position in a multiple birth ({@code multipleBirthInteger}), or 0 when not given
 * @param nameUse       FHIR {@code use} of the record's name ({@code official}, {@code usual}...), or null
 * @param otherNames    the patient's other names (a maiden or previous name, a usual name), each complete: a name
 *                      given without given names takes the record's ones; empty for most records
 */
public record PatientRecord(String id, String given, String middle, String family, String birthDate, String sex,
                            String addressLine, String postalCode, String city, List<String> phones,
                            List<String> emails, List<Identifier> identifiers, boolean multipleBirth,
                            int birthOrder, String nameUse, List<Name> otherNames) {

    public PatientRecord {
        phones = phones == null ? List.of() : List.copyOf(phones);
        emails = emails == null ? List.of() : List.copyOf(emails);
        identifiers = identifiers == null ? List.of() : List.copyOf(identifiers);
        otherNames = otherNames == null ? List.of() : List.copyOf(otherNames);
    }

    /** A record with one name only (no other names), as most records are. */
    public PatientRecord(String id, String given, String middle, String family, String birthDate, String sex,
                         String addressLine, String postalCode, List<String> phones, List<String> emails,
                         List<Identifier> identifiers, boolean multipleBirth, int birthOrder) {
        this(id, given, middle, family, birthDate, sex, addressLine, postalCode, null, phones, emails, identifiers,
                multipleBirth, birthOrder, null, List.of());
    }

    /**
     * One of a patient's names, normalised as the record's own.
     *
     * @param use FHIR {@code HumanName.use} ({@code old}, {@code maiden}, {@code usual}, {@code official}), or null
     */
    public record Name(String use, String given, String middle, String family) {
    }

    /**
     * This record once per name it carries, the record's own name first, each view carrying one name as if it were
     * the only one (same id and other fields). A record with one name gives itself. Matching compares every name of
     * one record with every name of the other through these views.
     */
    public List<PatientRecord> nameViews() {
        if (otherNames.isEmpty()) {
            return List.of(this);
        }
        List<PatientRecord> views = new java.util.ArrayList<>(otherNames.size() + 1);
        views.add(new PatientRecord(id, given, middle, family, birthDate, sex, addressLine, postalCode, city, phones,
                emails, identifiers, multipleBirth, birthOrder, nameUse, List.of()));
        for (Name n : otherNames) {
            views.add(new PatientRecord(id, n.given(), n.middle(), n.family(), birthDate, sex, addressLine, postalCode,
                    city, phones, emails, identifiers, multipleBirth, birthOrder, n.use(), List.of()));
        }
        return views;
    }

    /** This record with another birth date (as written), everything else the same. */
    public PatientRecord withBirthDate(String otherBirthDate) {
        return new PatientRecord(id, given, middle, family, otherBirthDate, sex, addressLine, postalCode, city,
                phones, emails, identifiers, multipleBirth, birthOrder, nameUse, otherNames);
    }

    /**
     * This record with its given and family names exchanged (a registration slip that put one in the other's
     * field), its other names left out; the middle name stays.
     */
    public PatientRecord withNamesSwapped() {
        return new PatientRecord(id, family, middle, given, birthDate, sex, addressLine, postalCode, city, phones,
                emails, identifiers, multipleBirth, birthOrder, nameUse, List.of());
    }

    /**
     * An identifier.
     *
     * @param type     v2-0203 identifier type code ({@code MR}, {@code SS}...) or null
     * @param value    normalised for comparison: upper case, spaces and dashes removed
     * @param asWritten the value as the source wrote it, for searching a server that stores it so
     */
    public record Identifier(String system, String type, String value, String asWritten) {

        public Identifier(String system, String type, String value) {
            this(system, type, value, value);
        }
    }

    /** Values of this record in {@code system}. */
    public List<String> identifierValues(String system) {
        return identifiers.stream().filter(i -> system.equals(i.system())).map(Identifier::value).toList();
    }
}
