package io.chartbridge.matching;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * FHIR R4 Patient JSON to {@link PatientRecord}. Works on Jackson trees, not HAPI model classes, because it runs
 * once per record on inputs of millions. Prefers the official name and the home address when several are given.
 */
public final class PatientRecordReader {

    private static final Pattern DIACRITICS = Pattern.compile("\\p{M}+");
    private static final Pattern NOT_NAME = Pattern.compile("[^A-Z0-9 ]+");
    private static final Pattern SPACES = Pattern.compile("\\s+");
    private static final Pattern ZIP_PLUS_4 = Pattern.compile("\\d{5}-?\\d{4}");

    private PatientRecordReader() {
    }

    public static PatientRecord read(ObjectNode patient) {
        if (!"Patient".equals(patient.path("resourceType").asText())) {
            throw new IllegalArgumentException("resourceType must be Patient");
        }
        String id = patient.path("id").asText(null);
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("Patient.id is missing");
        }
        JsonNode name = preferred(patient.path("name"), "official");
        PatientRecord.Name own = name(name, null);
        List<PatientRecord.Name> otherNames = otherNames(patient.path("name"), name, own);
        JsonNode address = preferred(patient.path("address"), "home");
        String line = null;
        for (JsonNode l : address.path("line")) {
            line = normaliseName(l.asText(null));
            if (line != null) {
                break;
            }
        }
        String postal = normalisePostal(address.path("postalCode").asText(null));
        String city = normaliseName(address.path("city").asText(null));
        List<String> phones = new ArrayList<>();
        List<String> emails = new ArrayList<>();
        for (JsonNode t : patient.path("telecom")) {
            String value = t.path("value").asText(null);
            if (value == null) {
                continue;
            }
            switch (t.path("system").asText("")) {
                case "phone", "sms" -> {
                    String digits = normalisePhone(value);
                    if (digits != null) {
                        phones.add(digits);
                    }
                }
                case "email" -> {
                    String e = value.trim().toLowerCase(Locale.ROOT);
                    if (!e.isEmpty()) {
                        emails.add(e);
                    }
                }
                default -> {
                    // fax, pager, url: not used for matching
                }
            }
        }
        List<PatientRecord.Identifier> identifiers = new ArrayList<>();
        for (JsonNode i : patient.path("identifier")) {
            String system = i.path("system").asText(null);
            String written = i.path("value").asText(null);
            String value = normaliseIdentifier(written);
            if (system == null || value == null) {
                continue;
            }
            String type = null;
            for (JsonNode c : i.path("type").path("coding")) {
                type = c.path("code").asText(null);
                if (type != null) {
                    break;
                }
            }
            identifiers.add(new PatientRecord.Identifier(system, type, value, written.trim()));
        }
        String gender = patient.path("gender").asText(null);
        if (gender != null && (gender.isBlank() || "unknown".equals(gender))) {
            gender = null;
        }
        String birthDate = patient.path("birthDate").asText(null);
        if (birthDate != null && birthDate.isBlank()) {
            birthDate = null;
        }
        int birthOrder = Math.max(0, patient.path("multipleBirthInteger").asInt(0));
        boolean multipleBirth = patient.path("multipleBirthBoolean").asBoolean(false) || birthOrder > 0;
        return new PatientRecord(id, own.given(), own.middle(), own.family(), birthDate, gender, line, postal, city,
                phones, emails, identifiers, multipleBirth, birthOrder, own.use(), otherNames);
    }

    /** Name uses that name the patient (not a temporary, anonymous or nickname entry). */
    private static final java.util.Set<String> PERSON_NAME_USES = java.util.Set.of("official", "usual", "old",
            "maiden");
    /** Other names kept per record at most: each is compared with each name of the other record. */
    static final int MAX_OTHER_NAMES = 3;

    /**
     * A HumanName as compared: family, first given name, second given name. Without given names it takes {@code
     * own}'s (a maiden name is often written as the surname alone), without a family name {@code own}'s family.
     */
    private static PatientRecord.Name name(JsonNode name, PatientRecord.Name own) {
        String family = normalisePersonName(name.path("family").asText(null));
        String given = null;
        String middle = null;
        for (JsonNode g : name.path("given")) {
            String n = normalisePersonName(g.asText(null));
            if (n == null) {
                continue;
            }
            if (given == null) {
                given = n;
            } else {
                middle = n;
                break;
            }
        }
        String use = use(name.path("use").asText(null));
        if (own != null) {
            if (given == null) {
                given = own.given();
                middle = own.middle();
            }
            if (family == null) {
                family = own.family();
            }
        }
        return new PatientRecord.Name(use, given, middle, family);
    }

    /**
     * The patient's names besides its own (official or first): official, usual, old and maiden names and names
     * without a use, each different from the ones before, at most {@value #MAX_OTHER_NAMES}.
     */
    private static List<PatientRecord.Name> otherNames(JsonNode names, JsonNode ownNode, PatientRecord.Name own) {
        if (names.size() < 2) {
            return List.of();
        }
        List<PatientRecord.Name> out = new ArrayList<>();
        for (JsonNode n : names) {
            if (n == ownNode || out.size() == MAX_OTHER_NAMES) {
                continue;
            }
            String use = n.path("use").asText(null);
            if (use != null && !PERSON_NAME_USES.contains(use)) {
                continue;
            }
            PatientRecord.Name other = name(n, own);
            if (other.family() == null && other.given() == null || sameName(other, own)
                    || out.stream().anyMatch(o -> sameName(o, other))) {
                continue;
            }
            out.add(other);
        }
        return out;
    }

    private static boolean sameName(PatientRecord.Name a, PatientRecord.Name b) {
        return java.util.Objects.equals(a.given(), b.given()) && java.util.Objects.equals(a.middle(), b.middle())
                && java.util.Objects.equals(a.family(), b.family());
    }

    /** The use as one shared string (a million records hold a handful of distinct values). */
    private static String use(String use) {
        if (use == null) {
            return null;
        }
        return switch (use) {
            case "official" -> "official";
            case "usual" -> "usual";
            case "old" -> "old";
            case "maiden" -> "maiden";
            case "nickname" -> "nickname";
            case "temp" -> "temp";
            case "anonymous" -> "anonymous";
            default -> use;
        };
    }

    /** The element whose {@code use} is {@code wanted}, else the first; a missing node when there is none. */
    private static JsonNode preferred(JsonNode array, String wanted) {
        for (JsonNode n : array) {
            if (wanted.equals(n.path("use").asText())) {
                return n;
            }
        }
        return array.path(0);
    }

    /** Upper case, accents removed, punctuation dropped, spaces collapsed; null when nothing is left. */
    public static String normaliseName(String raw) {
        if (raw == null) {
            return null;
        }
        String s = DIACRITICS.matcher(Normalizer.normalize(raw, Normalizer.Form.NFD)).replaceAll("");
        s = s.toUpperCase(Locale.ROOT).replace('-', ' ');
        s = NOT_NAME.matcher(s).replaceAll("");
        s = SPACES.matcher(s).replaceAll(" ").trim();
        return s.isEmpty() ? null : s;
    }

    /**
     * A person's name: {@link #normaliseName}, then digits read as the letters OCR takes them for (0 for O, 1 for L,
     * 5 for S, 8 for B): names hold no digits, so a digit in a name is a scanning or keying confusion.
     */
    public static String normalisePersonName(String raw) {
        String s = normaliseName(raw);
        if (s == null) {
            return null;
        }
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            b.append(switch (c) {
                case '0' -> 'O';
                case '1' -> 'L';
                case '5' -> 'S';
                case '8' -> 'B';
                default -> c;
            });
        }
        return b.toString();
    }

    static String normalisePhone(String raw) {
        StringBuilder digits = new StringBuilder();
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c >= '0' && c <= '9') {
                digits.append(c);
            }
        }
        if (digits.length() < 7) {
            return null;
        }
        // Country prefixes come and go between systems; the last ten digits are the number.
        return digits.length() > 10 ? digits.substring(digits.length() - 10) : digits.toString();
    }

    static String normalisePostal(String raw) {
        if (raw == null) {
            return null;
        }
        String s = raw.replace(" ", "").toUpperCase(Locale.ROOT);
        // US ZIP+4: the 5-digit part is what two systems agree on.
        if (ZIP_PLUS_4.matcher(s).matches()) {
            s = s.substring(0, 5);
        }
        return s.isEmpty() ? null : s;
    }

    /**
     * Upper case without spaces and dashes; null when nothing is left or the value is a placeholder a register keys
     * for "unknown" (one character repeated: {@code 000-00-0000}, {@code 999999999}): shared by thousands of
     * unrelated records, it is a blank, not a number in common.
     */
    static String normaliseIdentifier(String raw) {
        if (raw == null) {
            return null;
        }
        String s = raw.replace(" ", "").replace("-", "").toUpperCase(Locale.ROOT);
        return s.isEmpty() || isPlaceholder(s) ? null : s;
    }

    private static boolean isPlaceholder(String s) {
        if (s.length() < 4) {
            return false;
        }
        for (int i = 1; i < s.length(); i++) {
            if (s.charAt(i) != s.charAt(0)) {
                return false;
            }
        }
        return true;
    }
}
