package io.chartbridge.matching.rules;

import io.chartbridge.matching.PatientRecord;

import java.util.ArrayList;
import java.util.List;

/**
 * Pairs are compared only when they share a blocking key of at least one rule. A rule's key joins the values of its
 * parts; a record lacking a part has no key for that rule. Multi-valued parts (phones, identifiers) give one key each.
 *
 * @param maxBlockSize a lookup that finds more records than this under one of this rule's keys is skipped: the
 *                     block is too common to say anything (a shared placeholder phone, JOHN SMITH without a birth
 *                     date) and would cost more than it finds
 * @param recordNumbers which identifiers are record numbers (no one-slip keys for them)
 */
public record BlockingRule(String name, String description, List<String> parts, int maxBlockSize,
                           RecordNumbers recordNumbers) {

    public static final List<String> KNOWN_PARTS = List.of("identifier", "identifier_one_edit", "birth_date",
            "birth_date_either_order", "birth_year", "birth_month_day", "family_name", "given_name",
            "family_double_metaphone", "given_double_metaphone", "name_sounds_either_order", "family_initial",
            "given_initial", "phone", "email", "email_mailbox", "postal_code", "city");

    public BlockingRule {
        recordNumbers = recordNumbers == null ? RecordNumbers.NONE : recordNumbers;
        if (maxBlockSize < 1) {
            throw new IllegalArgumentException("blocking rule " + name + ": maxBlockSize must be at least 1");
        }
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
            if ("name_sounds_either_order".equals(p)) {
                // Both names sound alike in one order or the other: neither says anything in this rule's pairs.
                out.add(PatientField.GIVEN_NAME);
                out.add(PatientField.FAMILY_NAME);
                continue;
            }
            out.add(switch (p) {
                case "identifier", "identifier_one_edit" -> PatientField.IDENTIFIER;
                case "birth_date", "birth_date_either_order", "birth_year", "birth_month_day" ->
                        PatientField.BIRTH_DATE;
                case "family_name", "family_double_metaphone", "family_initial" -> PatientField.FAMILY_NAME;
                case "given_name", "given_double_metaphone", "given_initial" -> PatientField.GIVEN_NAME;
                case "city" -> PatientField.CITY;
                case "phone" -> PatientField.PHONE;
                case "email", "email_mailbox" -> PatientField.EMAIL;
                case "postal_code" -> PatientField.POSTAL_CODE;
                default -> throw new IllegalStateException(p);
            });
        }
        return out;
    }

    /**
     * The record's keys for this rule, as text (for tests and reading; the index uses {@link #keyHashes}). A rule
     * made of name parts gives the keys of each of the record's names (its own and its other names, a maiden name for
     * instance), so that a record is found under any name it carries.
     */
    public List<String> keys(PatientRecord r) {
        java.util.LinkedHashSet<String> all = new java.util.LinkedHashSet<>();
        for (PatientRecord view : views(r)) {
            List<String> keys = new ArrayList<>(List.of(name));
            for (String part : parts) {
                List<String> values = values(part, view, recordNumbers);
                List<String> next = new ArrayList<>(keys.size() * values.size());
                for (String k : keys) {
                    for (String v : values) {
                        next.add(k + '\u001f' + v);
                    }
                }
                keys = next;
            }
            all.addAll(keys);
        }
        return List.copyOf(all);
    }

    /**
     * The hashes of {@link #keys}, without building the key texts: {@code hash(name + US + value + US + value...)}
     * computed part by part. {@code cache} holds the record's part values, computed once for all rules. Two views
     * of a record (two names) may give one key twice.
     */
    public void keyHashes(PatientRecord r, KeyParts cache, java.util.function.LongConsumer out) {
        cache.on(r);
        int views = cache.views(parts.stream().anyMatch(NAME_PARTS::contains));
        for (int v = 0; v < views; v++) {
            emit(cache.values(v, recordNumbers), 0, StringHash.start(name), out);
        }
    }

    private void emit(KeyParts.Values values, int part, long h, java.util.function.LongConsumer out) {
        if (part == parts.size()) {
            out.accept(StringHash.finish(h));
            return;
        }
        List<String> vs = values.of(parts.get(part));
        for (String v : vs) {
            emit(values, part + 1, StringHash.append(StringHash.append(h, '\u001f'), v), out);
        }
    }

    /** The record's own view alone, or one per name when this rule has a name part and the record other names. */
    private List<PatientRecord> views(PatientRecord r) {
        if (r.otherNames().isEmpty() || parts.stream().noneMatch(NAME_PARTS::contains)) {
            return List.of(r);
        }
        return r.nameViews();
    }

    private static final java.util.Set<String> NAME_PARTS = java.util.Set.of("family_name", "given_name",
            "family_double_metaphone", "given_double_metaphone", "name_sounds_either_order", "family_initial",
            "given_initial");

    /** One part's values for a record: none when the record lacks the field. */
    static List<String> values(String part, PatientRecord r, RecordNumbers recordNumbers) {
        return switch (part) {
            case "identifier" -> r.identifiers().stream().map(i -> i.system() + "|" + i.value()).toList();
            case "identifier_one_edit" -> oneEditKeys(r, recordNumbers);
            case "birth_date" -> one(r.birthDate());
            case "birth_date_either_order" -> one(eitherOrder(r.birthDate()));
            case "birth_year" -> one(r.birthDate() == null || r.birthDate().length() < 4 ? null
                    : r.birthDate().substring(0, 4));
            case "birth_month_day" -> one(r.birthDate() == null || r.birthDate().length() < 10 ? null
                    : r.birthDate().substring(5));
            case "family_name" -> one(r.family());
            case "given_name" -> one(r.given());
            case "family_double_metaphone" -> one(r.family() == null ? null : Phonetics.primary(r.family()));
            case "given_double_metaphone" -> one(r.given() == null ? null : Phonetics.primary(r.given()));
            case "name_sounds_either_order" -> one(soundsEitherOrder(r));
            case "city" -> one(r.city());
            case "family_initial" -> one(r.family() == null ? null : r.family().substring(0, 1));
            case "given_initial" -> one(r.given() == null ? null : r.given().substring(0, 1));
            case "phone" -> r.phones();
            case "email" -> r.emails();
            case "email_mailbox" -> mailboxes(r);
            case "postal_code" -> one(r.postalCode());
            default -> throw new IllegalStateException(part);
        };
    }

    /**
     * Keys that two values one keying slip apart share (a character replaced, added or left out, two adjacent ones
     * swapped): the value itself and the value with each one of its characters deleted, within the system. Only
     * for identifiers of a person (SSN, a national id), not record numbers ({@link RecordNumbers}): a system that
     * numbers its records one after another gives thousands of numbers one slip apart.
     */
    private static List<String> oneEditKeys(PatientRecord r, RecordNumbers recordNumbers) {
        List<String> out = new ArrayList<>();
        for (PatientRecord.Identifier i : r.identifiers()) {
            if (recordNumbers.isRecordNumber(i)) {
                continue;
            }
            String v = i.value();
            String prefix = i.system() + "|";
            out.add(prefix + v);
            for (int c = 0; c < v.length(); c++) {
                if (c == 0 || v.charAt(c) != v.charAt(c - 1)) {
                    out.add(prefix + v.substring(0, c) + v.substring(c + 1));
                }
            }
        }
        return out;
    }

    /**
     * The mailbox names of the record's e-mail addresses (what comes before the {@code @}), at least four
     * characters long: a person keeps it when the domain is mistyped or the provider changes
     * ({@code e.rogers3@hopkins.org} / {@code e.rogers3@honkips.org}); shorter ones ({@code info}, {@code ee}) are
     * shared by strangers.
     */
    private static List<String> mailboxes(PatientRecord r) {
        List<String> out = new ArrayList<>(r.emails().size());
        for (String e : r.emails()) {
            int at = e.indexOf('@');
            if (at >= 4 && !out.contains(e.substring(0, at))) {
                out.add(e.substring(0, at));
            }
        }
        return out;
    }

    /** Double Metaphone codes of given and family name in alphabetical order, so a swapped record shares it. */
    private static String soundsEitherOrder(PatientRecord r) {
        if (r.given() == null || r.family() == null) {
            return null;
        }
        String g = Phonetics.primary(r.given());
        String f = Phonetics.primary(r.family());
        if (g.isEmpty() || f.isEmpty()) {
            return null;
        }
        return g.compareTo(f) <= 0 ? g + ' ' + f : f + ' ' + g;
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
