package io.chartbridge.mapping.transform;

import io.chartbridge.mapping.codetable.CodeTable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.commons.text.WordUtils;

/**
 * Addresses outside the US ({@code address: {country: CA|GB|other}}): whitespace collapsed and one consistent case
 * everywhere, nothing rewritten that the country's post office does not standardise (no USPS suffix or unit
 * abbreviations, no ZIP padding). Canada: provinces as their two-letter codes, postal codes {@code A1A 1A1}; Great
 * Britain: postcodes upper case with the space before the inward code ({@code SW1A 2AA}); other countries: the
 * postal code upper case as written. One line (comma-separated) is split for CA and GB only: the postal code (and
 * province) at the end, the town before it, the street lines first.
 */
final class CountryAddressParser implements AddressParser {

    enum Country { CA, GB, OTHER }

    /** How words are written: title case ({@code 10 Downing Street}), upper case, or as the source wrote them. */
    enum Case { TITLE, UPPER, AS_WRITTEN }

    record Settings(Country country, Case wordCase, CodeTable provinces) {
    }

    static final String UNKNOWN_PROVINCE = "province not in the Canadian province table; kept as written";
    static final String NOT_A_CA_POSTAL_CODE = "not a Canadian postal code (A1A 1A1); kept as written";
    static final String NOT_A_GB_POSTCODE = "not a British postcode (e.g. SW1A 2AA); kept as written";

    private static final Pattern CA_POSTAL = Pattern.compile("[A-Z]\\d[A-Z]\\d[A-Z]\\d");
    private static final Pattern GB_POSTCODE = Pattern.compile("[A-Z]{1,2}\\d[A-Z\\d]?\\d[A-Z]{2}");
    private static final Set<String> CA_NAMES = Set.of("CANADA", "CA", "CAN");
    private static final Set<String> GB_NAMES = Set.of("UK", "U K", "GB", "UNITED KINGDOM", "GREAT BRITAIN", "ENGLAND",
            "SCOTLAND", "WALES", "NORTHERN IRELAND");
    private static final char[] WORD_DELIMITERS = {' ', '-', '\''};

    private final Settings settings;

    CountryAddressParser(Country country, Case wordCase, CodeTable provinces) {
        this.settings = new Settings(country, wordCase, provinces);
    }

    @Override
    public Object settings() {
        return settings;
    }

    @Override
    public boolean splitsOneLine() {
        return settings.country() != Country.OTHER;
    }

    @Override
    public UsAddressParser.Parts streetLine(String value) {
        String line = words(value);
        return new UsAddressParser.Parts(line, null, null, null, null, List.of());
    }

    @Override
    public String city(String value) {
        return words(value);
    }

    @Override
    public String state(String value, List<String> notes) {
        String collapsed = collapse(value);
        if (collapsed.isEmpty()) {
            return null;
        }
        if (settings.country() != Country.CA) {
            return words(collapsed);
        }
        CodeTable.Target province = settings.provinces().lookup(collapsed.replace(".", ""));
        if (province != null) {
            return province.code();
        }
        notes.add(UNKNOWN_PROVINCE);
        return collapsed.toUpperCase(Locale.ROOT);
    }

    @Override
    public String postalCode(String value, List<String> notes) {
        String collapsed = collapse(value).toUpperCase(Locale.ROOT);
        if (collapsed.isEmpty()) {
            return null;
        }
        String compact = collapsed.replace(" ", "").replace("-", "");
        switch (settings.country()) {
            case CA -> {
                if (CA_POSTAL.matcher(compact).matches()) {
                    return compact.substring(0, 3) + " " + compact.substring(3);
                }
                notes.add(NOT_A_CA_POSTAL_CODE);
                return collapsed;
            }
            case GB -> {
                if (GB_POSTCODE.matcher(compact).matches()) {
                    return compact.substring(0, compact.length() - 3) + " " + compact.substring(compact.length() - 3);
                }
                notes.add(NOT_A_GB_POSTCODE);
                return collapsed;
            }
            default -> {
                return collapsed;
            }
        }
    }

    @Override
    public UsAddressParser.Parts oneLine(String value) {
        List<String> segments = new ArrayList<>();
        for (String s : value.split(",")) {
            String c = collapse(s);
            if (!c.isEmpty()) {
                segments.add(c);
            }
        }
        List<String> notes = new ArrayList<>(1);
        if (segments.isEmpty()) {
            return new UsAddressParser.Parts(null, null, null, null, null, List.of());
        }
        Set<String> countryNames = settings.country() == Country.CA ? CA_NAMES : GB_NAMES;
        if (segments.size() > 1 && countryNames.contains(segments.get(segments.size() - 1).toUpperCase(Locale.ROOT)
                .replace(".", ""))) {
            segments.remove(segments.size() - 1);
        }
        if (settings.country() == Country.OTHER || segments.size() < 2) {
            return new UsAddressParser.Parts(words(String.join(", ", segments)), null, null, null, null, List.of());
        }
        String last = segments.remove(segments.size() - 1);
        String postal = null;
        String province = null;
        String town = null;
        String[] tokens = last.split(" ");
        int postalTokens = postalTokensAtEnd(tokens);
        if (postalTokens > 0) {
            postal = postalCode(String.join(" ", java.util.Arrays.copyOfRange(tokens, tokens.length - postalTokens,
                    tokens.length)), notes);
            String rest = String.join(" ", java.util.Arrays.copyOf(tokens, tokens.length - postalTokens));
            if (settings.country() == Country.CA && !rest.isEmpty()) {
                province = state(rest, notes);
            } else if (!rest.isEmpty()) {
                town = words(rest);
            }
        } else if (settings.country() == Country.CA) {
            province = state(last, notes);
        } else {
            town = words(last);
        }
        if (town == null && !segments.isEmpty()) {
            town = words(segments.remove(segments.size() - 1));
        }
        String line = segments.isEmpty() ? null : words(String.join(", ", segments));
        return new UsAddressParser.Parts(line, null, town, province, postal, List.copyOf(notes));
    }

    /** How many of the last tokens make the country's postal code (0 when they do not). */
    private int postalTokensAtEnd(String[] tokens) {
        Pattern pattern = settings.country() == Country.CA ? CA_POSTAL : GB_POSTCODE;
        for (int take = Math.min(2, tokens.length); take >= 1; take--) {
            String joined = String.join("", java.util.Arrays.copyOfRange(tokens, tokens.length - take, tokens.length))
                    .toUpperCase(Locale.ROOT);
            if (pattern.matcher(joined).matches()) {
                return take;
            }
        }
        return 0;
    }

    private String words(String value) {
        String collapsed = collapse(value);
        if (collapsed.isEmpty()) {
            return null;
        }
        return switch (settings.wordCase()) {
            case TITLE -> WordUtils.capitalizeFully(collapsed, WORD_DELIMITERS);
            case UPPER -> collapsed.toUpperCase(Locale.ROOT);
            case AS_WRITTEN -> collapsed;
        };
    }

    private static String collapse(String value) {
        return value == null ? "" : value.strip().replaceAll("\\s+", " ");
    }
}
