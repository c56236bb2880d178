package io.chartbridge.mapping.transform;

import io.chartbridge.mapping.codetable.CodeTable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.commons.text.WordUtils;

/**
 * Normalises US postal addresses the way USPS Publication 28 writes them — street suffixes, unit designators and
 * directionals standardised from {@link AddressTables}, states as two-letter codes, ZIP and ZIP+4 as
 * {@code 62704} / {@code 62704-1234} — in title case ({@code 123 N Main St Apt 4B}) or capitals, and splits an
 * address written on one line into street, unit, city, state and ZIP. Immutable and thread-safe.
 *
 * <p>Splitting without commas relies on the street suffix or unit ending the street: {@code 123 Main St Springfield
 * IL 62704} splits, {@code 123 Main Springfield IL} cannot and is kept whole (with a review note).
 */
final class UsAddressParser implements AddressParser {

    /** How suffixes, unit designators and directionals are written. */
    enum Style { ABBREVIATE, EXPAND }

    /** The parts of a normalised address; null when absent. Notes are reasons for review (never the value). */
    record Parts(String street, String unit, String city, String state, String postalCode, List<String> notes) {

        /** The delivery line: street and unit, as USPS writes them on one line. */
        String line() {
            return street == null ? unit : unit == null ? street : street + " " + unit;
        }

        /** The whole address on one line: {@code 123 Main St Apt 4, Springfield, IL 62704}. */
        String text() {
            StringBuilder out = new StringBuilder();
            appendPart(out, line(), ", ");
            appendPart(out, city, ", ");
            appendPart(out, state, ", ");
            appendPart(out, postalCode, state == null ? ", " : " ");
            return out.isEmpty() ? null : out.toString();
        }

        private static void appendPart(StringBuilder out, String part, String separator) {
            if (part != null) {
                out.append(out.isEmpty() ? "" : separator).append(part);
            }
        }
    }

    static final String UNKNOWN_STATE = "state not in the US state table; kept as written";
    static final String ZIP_ZERO_RESTORED = "ZIP code had lost its leading zero (4 or 8 digits); zero restored";
    static final String CITY_NOT_FOUND = "one-line address without commas and without a street suffix or unit "
            + "to end the street: city not told apart, the whole address kept as the line";
    static final String CITY_AMBIGUOUS = "one-line address without commas: the street ends at one of several "
            + "street-suffix words; check where the city starts";

    /** Unit designators that stand without a number (USPS Publication 28, C2). */
    private static final Set<String> UNITS_WITHOUT_NUMBER = Set.of("BSMT", "FRNT", "LBBY", "LOWR", "OFC", "PH", "REAR",
            "SIDE", "UPPR");
    /** Words that often begin a city ("St. Louis", "Park City", "Lake Forest"): a suffix run stops before them. */
    private static final Set<String> CITY_FIRST_WORDS = Set.of("ST", "SAINT", "FT", "FORT", "MT", "MOUNT", "PORT",
            "LAKE", "PARK", "GLEN", "PALM", "POINT", "HAVEN");
    private static final Set<String> COUNTRIES = Set.of("US", "USA", "U S", "U S A", "UNITED STATES",
            "UNITED STATES OF AMERICA");
    private static final Pattern ZIP = Pattern.compile("\\d{5}(-?\\d{4})?|\\d{9}");
    private static final Pattern ZIP_WITHOUT_ZERO = Pattern.compile("\\d{4}(-?\\d{4})?|\\d{8}");
    private static final Pattern ORDINAL = Pattern.compile("(\\d+)(ST|ND|RD|TH)", Pattern.CASE_INSENSITIVE);
    private static final Pattern FRACTION = Pattern.compile("\\d+/\\d+");
    private static final Pattern FOUR_DIGITS = Pattern.compile("\\d{4}");
    private static final Pattern FIVE_DIGITS = Pattern.compile("\\d{5}");
    private static final char[] WORD_DELIMITERS = {' ', '-', '\'', '/'};

    /** What decides a parser's output: two parsers with equal settings write the same parts. */
    record Settings(AddressTables tables, Style style, boolean upper) {
    }

    private final AddressTables tables;
    private final Style style;
    private final boolean upper;
    private final Settings settings;

    UsAddressParser(AddressTables tables, Style style, boolean upper) {
        this.tables = tables;
        this.style = style;
        this.upper = upper;
        this.settings = new Settings(tables, style, upper);
    }

    @Override
    public Settings settings() {
        return settings;
    }

    @Override
    public boolean splitsOneLine() {
        return true;
    }

    // ---------------------------------------------------------------- the parts written in their own fields

    /** A street line such as {@code 123 NORTH MAIN STREET APT. 4B}: street and unit, normalised. */
    @Override
    public Parts streetLine(String value) {
        List<Token> tokens = tokens(value.replace(',', ' '));
        if (tokens.isEmpty()) {
            return empty();
        }
        Street street = street(tokens, false);
        return new Parts(street.street, street.unit, null, null, null, List.of());
    }

    @Override
    public String city(String value) {
        String collapsed = collapse(value);
        return collapsed.isEmpty() ? null : words(collapsed);
    }

    /** The two-letter code; a state the table lacks is kept as written and noted for review. */
    @Override
    public String state(String value, List<String> notes) {
        String collapsed = collapse(value);
        if (collapsed.isEmpty()) {
            return null;
        }
        CodeTable.Target state = tables.states().lookup(key(collapsed));
        if (state != null) {
            return state.code();
        }
        notes.add(UNKNOWN_STATE);
        return collapsed.toUpperCase(Locale.ROOT);
    }

    /**
     * ZIP {@code 62704}, ZIP+4 {@code 62704-1234} (from {@code 627041234}, {@code 62704 1234}); a ZIP that lost its
     * leading zero in a spreadsheet ({@code 2134}) gets it back, noted for review. Anything else (a foreign postal
     * code) is kept as written, in capitals.
     */
    @Override
    public String postalCode(String value, List<String> notes) {
        String collapsed = collapse(value);
        if (collapsed.isEmpty()) {
            return null;
        }
        String compact = collapsed.replace(" ", "-");
        if (ZIP.matcher(compact).matches()) {
            return zip(compact);
        }
        if (ZIP_WITHOUT_ZERO.matcher(compact).matches()) {
            notes.add(ZIP_ZERO_RESTORED);
            return zip("0" + compact);
        }
        return collapsed.toUpperCase(Locale.ROOT);
    }

    private static String zip(String digitsAndDash) {
        String digits = digitsAndDash.replace("-", "");
        return digits.length() == 5 ? digits : digits.substring(0, 5) + "-" + digits.substring(5);
    }

    // ---------------------------------------------------------------- a whole address on one line

    /** Splits {@code 123 N Main St Apt 4, Springfield, Illinois 62704-1234 USA} into its parts, each normalised. */
    @Override
    public Parts oneLine(String value) {
        List<String> notes = new ArrayList<>(1);
        List<List<Token>> segments = new ArrayList<>();
        for (String segment : value.split(",")) {
            List<Token> tokens = tokens(segment);
            if (!tokens.isEmpty()) {
                segments.add(tokens);
            }
        }
        if (segments.isEmpty()) {
            return empty();
        }
        dropCountry(segments);
        String zip = takeZip(segments, notes);
        String state = takeState(segments);

        // What is left: street segments, then the city (the rest of the state's segment, or the last segment).
        String city = null;
        Street street = null;
        if (segments.size() >= 2) {
            city = city(join(segments.remove(segments.size() - 1)));
            List<Token> streetTokens = new ArrayList<>();
            segments.forEach(streetTokens::addAll);
            street = street(streetTokens, false);
        } else if (segments.size() == 1) {
            List<Token> tokens = segments.get(0);
            street = street(tokens, true);
            if (street.end < tokens.size()) {
                if (street.end < 0) {
                    notes.add(CITY_NOT_FOUND);
                    street = street(tokens, false);
                } else {
                    city = city(join(tokens.subList(street.end, tokens.size())));
                }
            }
            if (street.ambiguous) {
                notes.add(CITY_AMBIGUOUS);
            }
        }
        return new Parts(street == null ? null : street.street, street == null ? null : street.unit, city, state, zip,
                List.copyOf(notes));
    }

    private static void dropCountry(List<List<Token>> segments) {
        List<Token> last = segments.get(segments.size() - 1);
        for (int take = Math.min(4, last.size()); take >= 1; take--) {
            if (COUNTRIES.contains(keys(last.subList(last.size() - take, last.size())))) {
                last.subList(last.size() - take, last.size()).clear();
                break;
            }
        }
        if (last.isEmpty()) {
            segments.remove(segments.size() - 1);
        }
    }

    private String takeZip(List<List<Token>> segments, List<String> notes) {
        if (segments.isEmpty()) {
            return null;
        }
        List<Token> last = segments.get(segments.size() - 1);
        String key = last.get(last.size() - 1).key;
        int take = 1;
        if (last.size() >= 2 && FOUR_DIGITS.matcher(key).matches()
                && FIVE_DIGITS.matcher(last.get(last.size() - 2).key).matches()) {
            key = last.get(last.size() - 2).key + "-" + key;
            take = 2;
        }
        String zip = null;
        if (ZIP.matcher(key).matches()) {
            zip = zip(key);
        } else if (ZIP_WITHOUT_ZERO.matcher(key).matches() && last.size() > take
                && tables.states().contains(last.get(last.size() - take - 1).key)) {
            notes.add(ZIP_ZERO_RESTORED);
            zip = zip("0" + key);
        }
        if (zip != null) {
            last.subList(last.size() - take, last.size()).clear();
            if (last.isEmpty()) {
                segments.remove(segments.size() - 1);
            }
        }
        return zip;
    }

    /** The state at the end of the last segment, longest spelling first ("West Virginia" before "Virginia"). */
    private String takeState(List<List<Token>> segments) {
        if (segments.isEmpty()) {
            return null;
        }
        List<Token> last = segments.get(segments.size() - 1);
        // Leave the street its house number: "123 Main St" alone is not a state.
        for (int take = Math.min(4, last.size()); take >= 1; take--) {
            List<Token> candidate = last.subList(last.size() - take, last.size());
            CodeTable.Target state = tables.states().lookup(keys(candidate));
            if (state != null && !(segments.size() == 1 && take == last.size())) {
                candidate.clear();
                if (last.isEmpty()) {
                    segments.remove(segments.size() - 1);
                }
                return state.code();
            }
        }
        return null;
    }

    // ---------------------------------------------------------------- the street

    /**
     * The street and unit at the start of {@code t}. With {@code cityMayFollow}, {@code end} is where the street
     * stops (the city follows), or -1 when nothing tells; otherwise the street takes every token.
     */
    private record Street(String street, String unit, int end, boolean ambiguous) {
    }

    private Street street(List<Token> t, boolean cityMayFollow) {
        int n = t.size();
        Street box = poBox(t);
        if (box != null) {
            return box;
        }
        int i = 0;
        StringBuilder out = new StringBuilder();
        if (Character.isDigit(t.get(0).key.charAt(0))) {
            append(out, houseNumber(t.get(0).text));
            i = 1;
            if (i < n && FRACTION.matcher(t.get(i).key).matches()) {
                append(out, t.get(i).key);
                i++;
            }
        }
        // A directional before the name, unless it is the name itself ("123 West St").
        if (i + 1 < n && isDirectional(t.get(i)) && (!isSuffix(t.get(i + 1)) || (i + 2 < n && isSuffix(t.get(i + 2))))) {
            append(out, styledDirectional(tables.directionals().lookup(t.get(i).key)));
            i++;
        }
        int nameStart = i;
        // A line that is only a unit ("SUITE 200", an ADDRESS2 column) starts with its designator.
        int unitAt = unitStart(t, nameStart == 0 ? 0 : nameStart + 1);
        int streetEnd = unitAt >= 0 ? unitAt : n;
        int suffixAt = -1;
        boolean ambiguous = false;
        if (cityMayFollow && unitAt < 0) {
            for (int j = nameStart + 1; j < n; j++) {
                if (isSuffix(t.get(j))) {
                    suffixAt = j;
                    while (suffixAt + 1 < n && isSuffix(t.get(suffixAt + 1))) {
                        if (suffixAt + 2 < n && CITY_FIRST_WORDS.contains(t.get(suffixAt + 1).key)) {
                            break; // "Prairie Ave | St. Louis": the city starts with a suffix word
                        }
                        suffixAt++;
                        ambiguous = true;
                    }
                    break;
                }
            }
            streetEnd = suffixAt < 0 ? -1 : suffixAt + 1;
            // An abbreviated directional after the suffix belongs to the street ("Main St N"); a written-out one
            // starts the city ("West Chicago").
            if (suffixAt >= 0 && suffixAt + 1 < n && isDirectional(t.get(suffixAt + 1))
                    && tables.directionals().lookup(t.get(suffixAt + 1).key).code().equals(t.get(suffixAt + 1).key)) {
                streetEnd++;
            }
        } else {
            for (int j = streetEnd - 1; j > nameStart; j--) {
                if (isSuffix(t.get(j))) {
                    suffixAt = j;
                    break;
                }
            }
        }
        int wordsEnd = streetEnd < 0 ? n : streetEnd;
        for (int j = i; j < wordsEnd; j++) {
            Token token = t.get(j);
            if (j == suffixAt) {
                append(out, styled(tables.suffixes().lookup(token.key)));
            } else if (suffixAt >= 0 && j > suffixAt && isDirectional(token)) {
                append(out, styledDirectional(tables.directionals().lookup(token.key)));
            } else {
                append(out, word(token.text));
            }
        }
        String unit = null;
        int end = streetEnd;
        if (unitAt >= 0) {
            Unit u = unit(t, unitAt);
            unit = u.text;
            end = u.end;
            if (!cityMayFollow) {
                // Anything after the unit on a street line stays on it ("Ste 200 Rear").
                StringBuilder rest = new StringBuilder(unit);
                for (int j = u.end; j < n; j++) {
                    append(rest, word(t.get(j).text));
                }
                unit = rest.toString();
                end = n;
            }
        }
        return new Street(out.isEmpty() ? null : out.toString(), unit, cityMayFollow ? end : n, ambiguous);
    }

    /** "PO Box 12", from "P.O. BOX 12", "POST OFFICE BOX 12", "POB 12", "BOX 12". */
    private Street poBox(List<Token> t) {
        int size = t.size();
        String first = t.get(0).key;
        int words = 0;
        if (first.equals("PO") && size > 1 && t.get(1).key.equals("BOX")) {
            words = 2;
        } else if (first.equals("POB")) {
            words = 1;
        } else if (size > 2 && t.get(2).key.equals("BOX") && (first.equals("P") && t.get(1).key.equals("O")
                || first.equals("POST") && t.get(1).key.equals("OFFICE"))) {
            words = 3;
        } else if (first.equals("BOX") && size > 1 && hasDigit(t.get(1).key)) {
            words = 1;
        }
        if (words == 0 || words >= size) {
            return null;
        }
        String box = (upper ? "PO BOX " : "PO Box ") + t.get(words).key;
        return new Street(box, null, words + 1, false);
    }

    /** Where a unit designator followed by its number (or one that needs none) starts, from {@code from}; or -1. */
    private int unitStart(List<Token> t, int from) {
        for (int j = from; j < t.size(); j++) {
            Token token = t.get(j);
            boolean pound = token.key.equals("#");
            CodeTable.Target designator = pound ? null : tables.units().lookup(token.key);
            if (!pound && designator == null) {
                continue;
            }
            int id = j + 1 < t.size() && t.get(j + 1).key.equals("#") ? j + 2 : j + 1;
            if (id < t.size() && isUnitNumber(t.get(id).key)) {
                return j;
            }
            // At the very start only a lone "REAR" is a unit: "FRONT ST" is a street.
            if (designator != null && UNITS_WITHOUT_NUMBER.contains(designator.code()) && (j > 0 || t.size() == 1)) {
                return j;
            }
        }
        return -1;
    }

    private record Unit(String text, int end) {
    }

    private Unit unit(List<Token> t, int at) {
        Token token = t.get(at);
        String designator = token.key.equals("#") ? "#" : styled(tables.units().lookup(token.key));
        int id = at + 1 < t.size() && t.get(at + 1).key.equals("#") ? at + 2 : at + 1;
        if (id < t.size() && isUnitNumber(t.get(id).key)) {
            return new Unit(designator + " " + t.get(id).text.toUpperCase(Locale.ROOT), id + 1);
        }
        return new Unit(designator, at + 1);
    }

    /** "4", "4B", "B", "12-A": a unit's number; a word such as "Springfield" is not. */
    private static boolean isUnitNumber(String key) {
        return hasDigit(key) || key.length() == 1 && Character.isLetter(key.charAt(0));
    }

    private boolean isSuffix(Token token) {
        return tables.suffixes().contains(token.key);
    }

    private boolean isDirectional(Token token) {
        return tables.directionals().contains(token.key);
    }

    // ---------------------------------------------------------------- writing

    /** A table word as this parser writes it: the USPS abbreviation or the full word, in the chosen case. */
    private String styled(CodeTable.Target target) {
        return styled(target, false);
    }

    private String styledDirectional(CodeTable.Target target) {
        return styled(target, true);
    }

    private String styled(CodeTable.Target target, boolean directional) {
        boolean expand = style == Style.EXPAND && target.display() != null;
        String text = expand ? target.display() : target.code();
        if (upper) {
            return text.toUpperCase(Locale.ROOT);
        }
        // Abbreviated directionals stay in capitals (N, NE); other abbreviations and words are title case (St, Apt).
        return directional && !expand ? text.toUpperCase(Locale.ROOT) : WordUtils.capitalizeFully(text, WORD_DELIMITERS);
    }

    private String houseNumber(String text) {
        return text.toUpperCase(Locale.ROOT);
    }

    /** Street and city words: title case (O'Hare, Smith-Jones, 5th, 123A) or capitals. */
    private String word(String text) {
        if (upper) {
            return text.toUpperCase(Locale.ROOT);
        }
        var ordinal = ORDINAL.matcher(text);
        if (ordinal.matches()) {
            return ordinal.group(1) + ordinal.group(2).toLowerCase(Locale.ROOT);
        }
        if (hasDigit(text)) {
            return text.toUpperCase(Locale.ROOT);
        }
        return WordUtils.capitalizeFully(text, WORD_DELIMITERS);
    }

    private String words(String text) {
        StringBuilder out = new StringBuilder();
        for (String w : text.split(" ")) {
            append(out, word(w));
        }
        return out.toString();
    }

    private static void append(StringBuilder out, String word) {
        if (!out.isEmpty()) {
            out.append(' ');
        }
        out.append(word);
    }

    // ---------------------------------------------------------------- tokens

    /** A word as written, and its key for table look-ups: capitals, periods dropped ("Apt." and "APT" are APT). */
    private record Token(String text, String key) {
    }

    private static List<Token> tokens(String text) {
        List<Token> tokens = new ArrayList<>();
        for (String piece : collapse(text.replace("#", " # ")).split(" ")) {
            if (piece.isEmpty()) {
                continue;
            }
            String key = key(piece);
            if (!key.isEmpty()) {
                tokens.add(new Token(piece, key));
            }
        }
        return tokens;
    }

    private static String key(String text) {
        StringBuilder key = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean decimalPoint = c == '.' && i > 0 && i + 1 < text.length()
                    && Character.isDigit(text.charAt(i - 1)) && Character.isDigit(text.charAt(i + 1));
            if (c == '.' && !decimalPoint) {
                // "N.Y." -> "NY", "N. Y." -> "N Y": a period is not a letter.
                continue;
            }
            key.append(Character.toUpperCase(c));
        }
        return key.toString().strip();
    }

    private static String keys(List<Token> tokens) {
        StringBuilder out = new StringBuilder();
        for (Token t : tokens) {
            append(out, t.key);
        }
        return out.toString();
    }

    private static String join(List<Token> tokens) {
        StringBuilder out = new StringBuilder();
        for (Token t : tokens) {
            append(out, t.text);
        }
        return out.toString();
    }

    /** Trims and collapses every run of whitespace (Unicode spaces included) to one space. */
    static String collapse(String text) {
        StringBuilder out = new StringBuilder(text.length());
        boolean space = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c) || Character.isSpaceChar(c)) {
                space = !out.isEmpty();
            } else {
                if (space) {
                    out.append(' ');
                    space = false;
                }
                out.append(c);
            }
        }
        return out.toString();
    }

    private static boolean hasDigit(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (Character.isDigit(text.charAt(i))) {
                return true;
            }
        }
        return false;
    }

    private static Parts empty() {
        return new Parts(null, null, null, null, null, List.of());
    }
}
