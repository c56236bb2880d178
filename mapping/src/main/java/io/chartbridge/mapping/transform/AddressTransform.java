package io.chartbridge.mapping.transform;

import com.fasterxml.jackson.databind.JsonNode;
import io.chartbridge.mapping.codetable.CodeTable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * {@code address}: US postal address normalisation (USPS Publication 28 style). {@code address: state} reads a
 * value that holds that part of an address and writes it normalised ("Illinois" becomes "IL");
 * {@code address: {part: city, from: oneLine}} reads a whole address written in one field and writes one of its
 * parts, so one field per FHIR Address element splits it. See docs/mapping-reference.md.
 */
final class AddressTransform implements Transform {

    /** What the transform writes; the names are FHIR Address elements, plus street and unit of a line. */
    enum Part {
        LINE("line"), STREET("street"), UNIT("unit"), CITY("city"), STATE("state"), POSTAL_CODE("postalCode"),
        TEXT("text");

        final String name;

        Part(String name) {
            this.name = name;
        }

        static Part named(String name) {
            for (Part p : values()) {
                if (p.name.equals(name)) {
                    return p;
                }
            }
            throw new IllegalArgumentException("'address' has no part '" + name + "' (parts: " + names() + ")");
        }

        static String names() {
            return String.join(", ", Arrays.stream(values()).map(p -> p.name).toList());
        }
    }

    private static final Set<String> KEYS = Set.of("part", "from", "style", "case", "suffixes", "units", "directionals",
            "states", "country");

    private final Part part;
    private final boolean oneLine;
    private final AddressParser parser;
    /**
     * A one-line address is read by one field per part, one after another, each with its own transform: the last
     * address parsed on this thread (with the same tables and style) is kept, so a record's address is parsed once.
     */
    private record LastParsed(Object settings, String value, UsAddressParser.Parts parts) {
    }

    private static final ThreadLocal<LastParsed> LAST_PARSED = new ThreadLocal<>();

    AddressTransform(Part part, boolean oneLine, AddressParser parser) {
        this.part = part;
        this.oneLine = oneLine;
        this.parser = parser;
    }

    static Transform create(JsonNode args, TransformSetup setup) {
        if (args != null && args.isTextual()) {
            return new AddressTransform(notText(Part.named(args.asText()), false), false,
                    new UsAddressParser(AddressTables.shipped(), UsAddressParser.Style.ABBREVIATE, false));
        }
        if (args == null || !args.isObject() || !args.hasNonNull("part")) {
            throw new IllegalArgumentException("'address' needs the part to write, e.g. 'address: state' or "
                    + "'address: {part: city, from: oneLine}' (parts: " + Part.names() + ")");
        }
        Args.onlyKeys("address", args, KEYS);
        Part part = Part.named(Args.scalar("address", args.get("part")));
        String from = args.path("from").asText("part");
        if (!from.equals("oneLine") && !from.equals("part")) {
            throw new IllegalArgumentException("'address' from must be oneLine (a whole address in one field) "
                    + "or part (the value is the part itself, the default)");
        }
        boolean oneLine = from.equals("oneLine");
        String country = args.path("country").asText("US").toUpperCase(java.util.Locale.ROOT);
        if (!country.equals("US")) {
            return new AddressTransform(notText(part, oneLine), oneLine, otherCountry(country, part, oneLine, args));
        }
        UsAddressParser.Style style = switch (args.path("style").asText("abbreviate")) {
            case "abbreviate" -> UsAddressParser.Style.ABBREVIATE;
            case "expand" -> UsAddressParser.Style.EXPAND;
            default -> throw new IllegalArgumentException("'address' style must be abbreviate (USPS: St, Apt; the "
                    + "default) or expand (Street, Apartment)");
        };
        boolean upper = switch (args.path("case").asText("title")) {
            case "title" -> false;
            case "upper" -> true;
            default -> throw new IllegalArgumentException("'address' case must be title (123 N Main St; the default) "
                    + "or upper (123 N MAIN ST, as USPS prints) for US addresses");
        };
        AddressTables tables = AddressTables.shipped().over(own(args, "suffixes", setup), own(args, "units", setup),
                own(args, "directionals", setup), own(args, "states", setup));
        return new AddressTransform(notText(part, oneLine), oneLine, new UsAddressParser(tables, style, upper));
    }

    /**
     * {@code country: CA}, {@code GB} or {@code other}: the conventions of {@link CountryAddressParser}. The USPS
     * options (style, own suffix/unit/directional/state tables) belong to US addresses only.
     */
    private static AddressParser otherCountry(String country, Part part, boolean oneLine, JsonNode args) {
        CountryAddressParser.Country c = switch (country) {
            case "CA" -> CountryAddressParser.Country.CA;
            case "GB", "UK" -> CountryAddressParser.Country.GB;
            case "OTHER" -> CountryAddressParser.Country.OTHER;
            default -> throw new IllegalArgumentException("'address' country must be US (the default), CA, GB or other"
                    + " (any other country: whitespace and case only)");
        };
        for (String usOnly : List.of("style", "suffixes", "units", "directionals", "states")) {
            if (args.has(usOnly)) {
                throw new IllegalArgumentException("'address' " + usOnly + " applies to US addresses (USPS Publication"
                        + " 28) only, not to country " + country);
            }
        }
        if (part == Part.UNIT || part == Part.STREET) {
            throw new IllegalArgumentException("'address' part " + part.name + " is for US addresses; write line for"
                    + " country " + country);
        }
        CountryAddressParser.Case wordCase = switch (args.path("case").asText(
                c == CountryAddressParser.Country.OTHER ? "asWritten" : "title")) {
            case "title" -> CountryAddressParser.Case.TITLE;
            case "upper" -> CountryAddressParser.Case.UPPER;
            case "asWritten" -> CountryAddressParser.Case.AS_WRITTEN;
            default -> throw new IllegalArgumentException("'address' case must be title, upper or asWritten");
        };
        if (oneLine && c == CountryAddressParser.Country.OTHER && part != Part.LINE && part != Part.TEXT) {
            throw new IllegalArgumentException("'address' from: oneLine splits US, CA and GB addresses only; for"
                    + " country other write the whole address as line or text");
        }
        return new CountryAddressParser(c, wordCase, AddressTables.provinces());
    }

    private static Part notText(Part part, boolean oneLine) {
        if (part == Part.TEXT && !oneLine) {
            throw new IllegalArgumentException("'address' part text needs the whole address: add 'from: oneLine' "
                    + "(for separate columns write Address.text with a template)");
        }
        return part;
    }

    private static CodeTable own(JsonNode args, String key, TransformSetup setup) {
        JsonNode name = args.get(key);
        return name == null ? null : setup.codeTable(Args.scalar("address", name));
    }

    private UsAddressParser.Parts parsedOnce(String value) {
        LastParsed last = LAST_PARSED.get();
        if (last != null && last.settings().equals(parser.settings()) && last.value().equals(value)) {
            return last.parts();
        }
        UsAddressParser.Parts parts = parser.oneLine(value);
        LAST_PARSED.set(new LastParsed(parser.settings(), value, parts));
        return parts;
    }

    @Override
    public String apply(String value, ReviewNotes notes) {
        if (value == null) {
            return null;
        }
        List<String> found = new ArrayList<>(1);
        String result;
        if (oneLine) {
            UsAddressParser.Parts parts = parsedOnce(value);
            found.addAll(parts.notes());
            result = switch (part) {
                case LINE -> parts.line();
                case STREET -> parts.street();
                case UNIT -> parts.unit();
                case CITY -> parts.city();
                case STATE -> parts.state();
                case POSTAL_CODE -> parts.postalCode();
                case TEXT -> parts.text();
            };
        } else {
            result = switch (part) {
                case LINE -> parser.streetLine(value).line();
                case STREET -> parser.streetLine(value).street();
                case UNIT -> parser.streetLine(value).unit();
                case CITY -> parser.city(value);
                case STATE -> parser.state(value, found);
                case POSTAL_CODE -> parser.postalCode(value, found);
                case TEXT -> throw new IllegalStateException("checked when built");
            };
        }
        found.forEach(notes::add);
        return result;
    }
}
