package io.chartbridge.mapping.transform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chartbridge.mapping.codetable.CodeTable;
import io.chartbridge.mapping.codetable.CodeTableReader;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AddressTransformTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TransformSetup SETUP = new TransformSetup(Map.of(), Set.of(), null);

    private final List<String> notes = new ArrayList<>();

    private String address(String args, String value) throws Exception {
        return address(args, value, SETUP);
    }

    private String address(String args, String value, TransformSetup setup) throws Exception {
        JsonNode spec = JSON.readTree(args);
        return TransformRegistry.create("address", spec, setup).apply(value, notes::add);
    }

    private String oneLine(String part, String value) throws Exception {
        return address("{\"part\": \"" + part + "\", \"from\": \"oneLine\"}", value);
    }

    /** The single-part cases below: {@code "part"} as the whole argument. */
    private String part(String part, String value) throws Exception {
        return address("\"" + part + "\"", value);
    }

    // The @CsvSource tables: columns separated by '|'; a value in double quotes keeps its outer spaces; an empty
    // unquoted value is null.

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            "  123   NORTH MAIN STREET  APARTMENT 4b " | 123 N Main St Apt 4B
            3100 LAKE SHORE DRIVE                     | 3100 Lake Shore Dr
            55 park avenue, suite 200                 | 55 Park Ave Ste 200
            9 Elm Blvd. #12                           | 9 Elm Blvd # 12
            SUITE 200                                 | Ste 200
            FRONT STREET                              | Front St
            12 MAIN ST REAR                           | 12 Main St Rear
            """)
    void streetLineGetsUspsSuffixAndUnitAbbreviationsInTitleCase(String input, String expected) throws Exception {
        assertThat(part("line", input)).isEqualTo(expected);
        assertThat(notes).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            12 PARK PLACE AVENUE      | 12 Park Place Ave
            700 WEST STREET           | 700 West St
            700 NORTH AVENUE          | 700 North Ave
            1 MAIN STREET SOUTHWEST   | 1 Main St SW
            88 AVENUE OF THE AMERICAS | 88 Avenue Of The Americas
            """)
    void onlyTheLastSuffixWordIsAbbreviatedAndADirectionalThatIsTheNameStays(String input, String expected)
            throws Exception {
        assertThat(part("line", input)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            120A WEST 42ND STREET | 120A W 42nd St
            10 o'hare ct          | 10 O'Hare Ct
            4 SMITH-JONES RD      | 4 Smith-Jones Rd
            """)
    void ordinalsHouseNumbersAndNamesWithApostrophesAreCasedAsPeopleWriteThem(String input, String expected)
            throws Exception {
        assertThat(part("line", input)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            123 1/2 ELM STREET BASEMENT | 123 1/2 Elm St Bsmt
            5 OAK ST NORTHEAST          | 5 Oak St NE
            """)
    void halfNumbersAndUnitsWithoutANumberAreKept(String input, String expected) throws Exception {
        assertThat(part("line", input)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            P.O. BOX 77        | PO Box 77
            post office box 77 | PO Box 77
            Box 77             | PO Box 77
            """)
    void poBoxesInAnySpellingBecomePoBox(String input, String expected) throws Exception {
        assertThat(part("line", input)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            street | 123 MAIN ST APT 4 | 123 Main St
            unit   | 123 MAIN ST APT 4 | Apt 4
            unit   | 123 MAIN ST       |
            """)
    void streetAndUnitCanBeWrittenToSeparateLines(String part, String input, String expected) throws Exception {
        assertThat(part(part, input)).isEqualTo(expected);
    }

    @Test
    void expandStyleWritesTheFullWordsAndUpperCaseWritesWhatUspsPrints() throws Exception {
        assertThat(address("{\"part\": \"line\", \"style\": \"expand\"}", "123 N MAIN ST APT 4"))
                .isEqualTo("123 North Main Street Apartment 4");
        assertThat(address("{\"part\": \"line\", \"case\": \"upper\"}", "123 north main street apartment 4"))
                .isEqualTo("123 N MAIN ST APT 4");
        assertThat(address("{\"part\": \"city\", \"case\": \"upper\"}", "Springfield")).isEqualTo("SPRINGFIELD");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            Illinois             | IL
            " il "               | IL
            Ill.                 | IL
            N.Y.                 | NY
            west  virginia       | WV
            District of Columbia | DC
            Puerto Rico          | PR
            """)
    void stateNamesAndOldAbbreviationsBecomeTwoLetterCodes(String input, String expected) throws Exception {
        assertThat(part("state", input)).isEqualTo(expected);
        assertThat(notes).isEmpty();
    }

    @Test
    void aStateNotInTheTableIsKeptAsWrittenAndSentToReviewWithoutTheValue() throws Exception {
        assertThat(address("\"state\"", "Ontario")).isEqualTo("ONTARIO");
        assertThat(notes).containsExactly(UsAddressParser.UNKNOWN_STATE);
        assertThat(notes.get(0)).doesNotContainIgnoringCase("ontario");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            62704          | 62704
            627041234      | 62704-1234
            62704 1234     | 62704-1234
            " 62704-1234 " | 62704-1234
            """)
    void zipCodesAreFiveDigitsOrZipPlusFourWithADash(String input, String expected) throws Exception {
        assertThat(part("postalCode", input)).isEqualTo(expected);
        assertThat(notes).isEmpty();
    }

    @Test
    void aZipThatLostItsLeadingZeroGetsItBackAndGoesToReview() throws Exception {
        assertThat(address("\"postalCode\"", "2134")).isEqualTo("02134");
        assertThat(notes).containsExactly(UsAddressParser.ZIP_ZERO_RESTORED);
    }

    @Test
    void aForeignPostalCodeIsKeptInCapitals() throws Exception {
        assertThat(address("\"postalCode\"", "k1a  0b1")).isEqualTo("K1A 0B1");
        assertThat(notes).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            "  WINSTON-SALEM " | Winston-Salem
            st.   louis        | St. Louis
            "\u00a0"           |
            """)
    void cityWhitespaceIsCollapsedAndCaseMadeConsistent(String input, String expected) throws Exception {
        assertThat(part("city", input)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            # all of: 123 north main street apt 4b, springfield, Illinois 62704-1234, USA
            line       | 123 N Main St Apt 4B
            city       | Springfield
            state      | IL
            postalCode | 62704-1234
            text       | 123 N Main St Apt 4B, Springfield, IL 62704-1234
            """)
    void aOneLineAddressWithCommasSplitsIntoFhirAddressParts(String part, String expected) throws Exception {
        String value = "123 north main street apt 4b, springfield, Illinois 62704-1234, USA";
        assertThat(oneLine(part, value)).isEqualTo(expected);
        assertThat(notes).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            # all of: 55 Park Ave, Suite 200, New York, NY 10001
            line   | 55 Park Ave Ste 200
            street | 55 Park Ave
            unit   | Ste 200
            city   | New York
            state  | NY
            """)
    void aUnitInItsOwnCommaSegmentStaysOnTheLine(String part, String expected) throws Exception {
        String value = "55 Park Ave, Suite 200, New York, NY 10001";
        assertThat(oneLine(part, value)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            city  | 123 Main St Springfield IL 62704               | Springfield
            line  | 123 Main St Springfield IL 62704               | 123 Main St
            city  | 9 Elm Ave Apt 3 Palm Springs CA 92262          | Palm Springs
            line  | 9 Elm Ave Apt 3 Palm Springs CA 92262          | 9 Elm Ave Apt 3
            city  | 1 Main St N Fargo ND 58102                     | Fargo
            city  | 1 Main St West Chicago IL 60185                | West Chicago
            state | 400 Capitol St Charleston West Virginia 25301  | WV
            city  | 400 Capitol St Charleston West Virginia 25301  | Charleston
            """)
    void withoutCommasTheStreetSuffixOrUnitEndsTheStreet(String part, String value, String expected) throws Exception {
        assertThat(oneLine(part, value)).isEqualTo(expected);
        assertThat(notes).isEmpty();
    }

    @Test
    void aOneLineAddressWhoseStreetCannotBeToldFromTheCityIsKeptWholeAndReviewed() throws Exception {
        assertThat(oneLine("line", "123 Main Springfield IL 62704")).isEqualTo("123 Main Springfield");
        assertThat(oneLine("city", "123 Main Springfield IL 62704")).isNull();
        assertThat(oneLine("state", "123 Main Springfield IL 62704")).isEqualTo("IL");
        assertThat(notes).containsOnly(UsAddressParser.CITY_NOT_FOUND);
    }

    @Test
    void severalSuffixWordsInARowWithoutCommasAreSentToReview() throws Exception {
        assertThat(oneLine("line", "3100 Lake Shore Dr Chicago IL 60601")).isEqualTo("3100 Lake Shore Dr");
        assertThat(oneLine("city", "3100 Lake Shore Dr Chicago IL 60601")).isEqualTo("Chicago");
        assertThat(notes).containsOnly(UsAddressParser.CITY_AMBIGUOUS);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            city | 7116 s prairie ave st. louis missouri 63171 | St. Louis
            line | 7116 s prairie ave st. louis missouri 63171 | 7116 S Prairie Ave
            city | 123 Main St Park City UT 84060              | Park City
            city | 9 Lake St Lake Forest IL 60045              | Lake Forest
            """)
    void withoutCommasACityStartingWithSaintLakeOrParkIsNotTakenForTheStreet(String part, String value, String expected)
            throws Exception {
        assertThat(oneLine(part, value)).isEqualTo(expected);
        assertThat(notes).isEmpty();
    }

    @Test
    void withoutCommasACityStartingWithAnotherSuffixWordIsTheKnownLimitAndGoesToReview() throws Exception {
        assertThat(oneLine("city", "123 Main St Canyon Country CA 91351")).isEqualTo("Country");
        assertThat(notes).containsOnly(UsAddressParser.CITY_AMBIGUOUS);
        notes.clear();
        assertThat(oneLine("city", "123 Main St, Canyon Country, CA 91351")).isEqualTo("Canyon Country");
        assertThat(notes).isEmpty();
    }

    @Test
    void aOneLinePoBoxAndALostZipZeroAreRecognised() throws Exception {
        assertThat(oneLine("line", "PO BOX 12 BOSTON MA 2134")).isEqualTo("PO Box 12");
        assertThat(oneLine("city", "PO BOX 12 BOSTON MA 2134")).isEqualTo("Boston");
        assertThat(oneLine("postalCode", "PO BOX 12 BOSTON MA 2134")).isEqualTo("02134");
        assertThat(notes).containsOnly(UsAddressParser.ZIP_ZERO_RESTORED);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            # all of: 77 Oak Rd, Lakeview
            line       | 77 Oak Rd
            city       | Lakeview
            state      |
            postalCode |
            """)
    void aOneLineAddressWithoutStateOrZipStillGivesLineAndCity(String part, String expected) throws Exception {
        assertThat(oneLine(part, "77 Oak Rd, Lakeview")).isEqualTo(expected);
    }

    @Test
    void theSameAddressReadWithOtherSettingsIsNotServedFromTheLastParse() throws Exception {
        String value = "12 oak street, springfield, il 62704";
        assertThat(oneLine("line", value)).isEqualTo("12 Oak St");
        assertThat(address("{\"part\": \"line\", \"from\": \"oneLine\", \"case\": \"upper\"}", value))
                .isEqualTo("12 OAK ST");
        assertThat(address("{\"part\": \"line\", \"from\": \"oneLine\", \"style\": \"expand\"}", value))
                .isEqualTo("12 Oak Street");
        assertThat(oneLine("line", "13 elm street, springfield, il 62704")).isEqualTo("13 Elm St");
    }

    @Test
    void blankStaysBlank() throws Exception {
        assertThat(address("\"line\"", null)).isNull();
        assertThat(oneLine("city", " , ")).isNull();
    }

    @Test
    void aMappingsOwnTableIsLookedUpBeforeTheShippedOne() throws Exception {
        CodeTable local = CodeTableReader.read("localSuffixes", "local.csv", new StringReader(
                "source_code,target_system,target_code,target_display\nSTRASSE,,ST,Street\n"));
        TransformSetup setup = new TransformSetup(Map.of("localSuffixes", local), Set.of("localSuffixes"), null);
        assertThat(address("{\"part\": \"line\", \"suffixes\": \"localSuffixes\"}", "5 HAUPT STRASSE", setup))
                .isEqualTo("5 Haupt St");
        assertThat(address("{\"part\": \"line\", \"suffixes\": \"localSuffixes\"}", "5 HAUPT AVENUE", setup))
                .isEqualTo("5 Haupt Ave");
    }

    @Test
    void wrongArgumentsAreReportedWithWhatIsAllowed() {
        assertThatThrownBy(() -> address("\"zip\"", "1")).hasMessageContaining("no part 'zip'")
                .hasMessageContaining("postalCode");
        assertThatThrownBy(() -> address("\"text\"", "1")).hasMessageContaining("from: oneLine");
        assertThatThrownBy(() -> address("{\"part\": \"line\", \"style\": \"short\"}", "1"))
                .hasMessageContaining("abbreviate");
        assertThatThrownBy(() -> address("{\"part\": \"line\", \"from\": \"two\"}", "1")).hasMessageContaining("oneLine");
        assertThatThrownBy(() -> address("{\"part\": \"line\", \"states\": \"nope\"}", "1"))
                .hasMessageContaining("not declared");
        assertThatThrownBy(() -> address("{\"part\": \"line\", \"colour\": \"red\"}", "1"))
                .hasMessageContaining("unknown key 'colour'");
    }

    @Test
    void outsideTheUsNothingIsRewrittenTheUspsWayAndPostalCodesFollowTheCountry() throws Exception {
        // A Canadian or British address is not abbreviated, and a 4-digit postcode is not padded to a ZIP.
        assertThat(address("{\"part\": \"line\", \"country\": \"CA\"}", "  55 PARK AVENUE SUITE 200 "))
                .isEqualTo("55 Park Avenue Suite 200");
        assertThat(address("{\"part\": \"postalCode\", \"country\": \"CA\"}", "k1a0b1")).isEqualTo("K1A 0B1");
        assertThat(address("{\"part\": \"state\", \"country\": \"CA\"}", "Québec")).isEqualTo("QC");
        assertThat(address("{\"part\": \"postalCode\", \"country\": \"GB\"}", "sw1a2aa")).isEqualTo("SW1A 2AA");
        assertThat(address("{\"part\": \"postalCode\", \"country\": \"other\"}", "2134")).isEqualTo("2134");
        assertThat(address("{\"part\": \"city\", \"country\": \"other\"}", "  van  der Stad ")).isEqualTo("van der Stad");
        assertThat(notes).isEmpty();
        assertThat(address("{\"part\": \"postalCode\", \"country\": \"GB\"}", "12345")).isEqualTo("12345");
        assertThat(notes).containsExactly(CountryAddressParser.NOT_A_GB_POSTCODE);
    }

    @Test
    void oneLineCanadianAndBritishAddressesAreSplitAtTheirCommas() throws Exception {
        String ca = "123 rue Sainte-Catherine Ouest, Montréal, Québec H3B 1A7, Canada";
        assertThat(address("{\"part\": \"line\", \"from\": \"oneLine\", \"country\": \"CA\"}", ca))
                .isEqualTo("123 Rue Sainte-Catherine Ouest");
        assertThat(address("{\"part\": \"city\", \"from\": \"oneLine\", \"country\": \"CA\"}", ca)).isEqualTo("Montréal");
        assertThat(address("{\"part\": \"state\", \"from\": \"oneLine\", \"country\": \"CA\"}", ca)).isEqualTo("QC");
        assertThat(address("{\"part\": \"postalCode\", \"from\": \"oneLine\", \"country\": \"CA\"}", ca))
                .isEqualTo("H3B 1A7");
        String gb = "Flat 2, 10 downing street, LONDON, SW1A 2AA, United Kingdom";
        assertThat(address("{\"part\": \"line\", \"from\": \"oneLine\", \"country\": \"GB\"}", gb))
                .isEqualTo("Flat 2, 10 Downing Street");
        assertThat(address("{\"part\": \"city\", \"from\": \"oneLine\", \"country\": \"GB\"}", gb)).isEqualTo("London");
        assertThat(address("{\"part\": \"postalCode\", \"from\": \"oneLine\", \"country\": \"GB\"}", gb))
                .isEqualTo("SW1A 2AA");
        assertThatThrownBy(() -> address("{\"part\": \"city\", \"from\": \"oneLine\", \"country\": \"other\"}", "x"))
                .hasMessageContaining("splits US, CA and GB addresses only");
        assertThatThrownBy(() -> address("{\"part\": \"line\", \"country\": \"GB\", \"style\": \"expand\"}", "x"))
                .hasMessageContaining("applies to US addresses");
        assertThatThrownBy(() -> address("{\"part\": \"line\", \"country\": \"FR\"}", "x"))
                .hasMessageContaining("country must be US (the default), CA, GB or other");
    }
}
