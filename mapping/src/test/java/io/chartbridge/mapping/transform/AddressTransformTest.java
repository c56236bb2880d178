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

    @Test
    void streetLineGetsUspsSuffixAndUnitAbbreviationsInTitleCase() throws Exception {
        assertThat(address("\"line\"", "  123   NORTH MAIN STREET  APARTMENT 4b ")).isEqualTo("123 N Main St Apt 4B");
        assertThat(address("\"line\"", "3100 LAKE SHORE DRIVE")).isEqualTo("3100 Lake Shore Dr");
        assertThat(address("\"line\"", "55 park avenue, suite 200")).isEqualTo("55 Park Ave Ste 200");
        assertThat(address("\"line\"", "9 Elm Blvd. #12")).isEqualTo("9 Elm Blvd # 12");
        assertThat(address("\"line\"", "SUITE 200")).isEqualTo("Ste 200");
        assertThat(address("\"line\"", "FRONT STREET")).isEqualTo("Front St");
        assertThat(address("\"line\"", "12 MAIN ST REAR")).isEqualTo("12 Main St Rear");
        assertThat(notes).isEmpty();
    }

    @Test
    void onlyTheLastSuffixWordIsAbbreviatedAndADirectionalThatIsTheNameStays() throws Exception {
        assertThat(address("\"line\"", "12 PARK PLACE AVENUE")).isEqualTo("12 Park Place Ave");
        assertThat(address("\"line\"", "700 WEST STREET")).isEqualTo("700 West St");
        assertThat(address("\"line\"", "700 NORTH AVENUE")).isEqualTo("700 North Ave");
        assertThat(address("\"line\"", "1 MAIN STREET SOUTHWEST")).isEqualTo("1 Main St SW");
        assertThat(address("\"line\"", "88 AVENUE OF THE AMERICAS")).isEqualTo("88 Avenue Of The Americas");
    }

    @Test
    void ordinalsHouseNumbersAndNamesWithApostrophesAreCasedAsPeopleWriteThem() throws Exception {
        assertThat(address("\"line\"", "120A WEST 42ND STREET")).isEqualTo("120A W 42nd St");
        assertThat(address("\"line\"", "10 o'hare ct")).isEqualTo("10 O'Hare Ct");
        assertThat(address("\"line\"", "4 SMITH-JONES RD")).isEqualTo("4 Smith-Jones Rd");
    }

    @Test
    void halfNumbersAndUnitsWithoutANumberAreKept() throws Exception {
        assertThat(address("\"line\"", "123 1/2 ELM STREET BASEMENT")).isEqualTo("123 1/2 Elm St Bsmt");
        assertThat(address("\"line\"", "5 OAK ST NORTHEAST")).isEqualTo("5 Oak St NE");
    }

    @Test
    void poBoxesInAnySpellingBecomePoBox() throws Exception {
        assertThat(address("\"line\"", "P.O. BOX 77")).isEqualTo("PO Box 77");
        assertThat(address("\"line\"", "post office box 77")).isEqualTo("PO Box 77");
        assertThat(address("\"line\"", "Box 77")).isEqualTo("PO Box 77");
    }

    @Test
    void streetAndUnitCanBeWrittenToSeparateLines() throws Exception {
        assertThat(address("\"street\"", "123 MAIN ST APT 4")).isEqualTo("123 Main St");
        assertThat(address("\"unit\"", "123 MAIN ST APT 4")).isEqualTo("Apt 4");
        assertThat(address("\"unit\"", "123 MAIN ST")).isNull();
    }

    @Test
    void expandStyleWritesTheFullWordsAndUpperCaseWritesWhatUspsPrints() throws Exception {
        assertThat(address("{\"part\": \"line\", \"style\": \"expand\"}", "123 N MAIN ST APT 4"))
                .isEqualTo("123 North Main Street Apartment 4");
        assertThat(address("{\"part\": \"line\", \"case\": \"upper\"}", "123 north main street apartment 4"))
                .isEqualTo("123 N MAIN ST APT 4");
        assertThat(address("{\"part\": \"city\", \"case\": \"upper\"}", "Springfield")).isEqualTo("SPRINGFIELD");
    }

    @Test
    void stateNamesAndOldAbbreviationsBecomeTwoLetterCodes() throws Exception {
        assertThat(address("\"state\"", "Illinois")).isEqualTo("IL");
        assertThat(address("\"state\"", " il ")).isEqualTo("IL");
        assertThat(address("\"state\"", "Ill.")).isEqualTo("IL");
        assertThat(address("\"state\"", "N.Y.")).isEqualTo("NY");
        assertThat(address("\"state\"", "west  virginia")).isEqualTo("WV");
        assertThat(address("\"state\"", "District of Columbia")).isEqualTo("DC");
        assertThat(address("\"state\"", "Puerto Rico")).isEqualTo("PR");
        assertThat(notes).isEmpty();
    }

    @Test
    void aStateNotInTheTableIsKeptAsWrittenAndSentToReviewWithoutTheValue() throws Exception {
        assertThat(address("\"state\"", "Ontario")).isEqualTo("ONTARIO");
        assertThat(notes).containsExactly(UsAddressParser.UNKNOWN_STATE);
        assertThat(notes.get(0)).doesNotContainIgnoringCase("ontario");
    }

    @Test
    void zipCodesAreFiveDigitsOrZipPlusFourWithADash() throws Exception {
        assertThat(address("\"postalCode\"", "62704")).isEqualTo("62704");
        assertThat(address("\"postalCode\"", "627041234")).isEqualTo("62704-1234");
        assertThat(address("\"postalCode\"", "62704 1234")).isEqualTo("62704-1234");
        assertThat(address("\"postalCode\"", " 62704-1234 ")).isEqualTo("62704-1234");
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

    @Test
    void cityWhitespaceIsCollapsedAndCaseMadeConsistent() throws Exception {
        assertThat(address("\"city\"", "  WINSTON-SALEM ")).isEqualTo("Winston-Salem");
        assertThat(address("\"city\"", "st.   louis")).isEqualTo("St. Louis");
        assertThat(address("\"city\"", "\u00a0")).isNull();
    }

    @Test
    void aOneLineAddressWithCommasSplitsIntoFhirAddressParts() throws Exception {
        String value = "123 north main street apt 4b, springfield, Illinois 62704-1234, USA";
        assertThat(oneLine("line", value)).isEqualTo("123 N Main St Apt 4B");
        assertThat(oneLine("city", value)).isEqualTo("Springfield");
        assertThat(oneLine("state", value)).isEqualTo("IL");
        assertThat(oneLine("postalCode", value)).isEqualTo("62704-1234");
        assertThat(oneLine("text", value)).isEqualTo("123 N Main St Apt 4B, Springfield, IL 62704-1234");
        assertThat(notes).isEmpty();
    }

    @Test
    void aUnitInItsOwnCommaSegmentStaysOnTheLine() throws Exception {
        String value = "55 Park Ave, Suite 200, New York, NY 10001";
        assertThat(oneLine("line", value)).isEqualTo("55 Park Ave Ste 200");
        assertThat(oneLine("street", value)).isEqualTo("55 Park Ave");
        assertThat(oneLine("unit", value)).isEqualTo("Ste 200");
        assertThat(oneLine("city", value)).isEqualTo("New York");
        assertThat(oneLine("state", value)).isEqualTo("NY");
    }

    @Test
    void withoutCommasTheStreetSuffixOrUnitEndsTheStreet() throws Exception {
        assertThat(oneLine("city", "123 Main St Springfield IL 62704")).isEqualTo("Springfield");
        assertThat(oneLine("line", "123 Main St Springfield IL 62704")).isEqualTo("123 Main St");
        assertThat(oneLine("city", "9 Elm Ave Apt 3 Palm Springs CA 92262")).isEqualTo("Palm Springs");
        assertThat(oneLine("line", "9 Elm Ave Apt 3 Palm Springs CA 92262")).isEqualTo("9 Elm Ave Apt 3");
        assertThat(oneLine("city", "1 Main St N Fargo ND 58102")).isEqualTo("Fargo");
        assertThat(oneLine("city", "1 Main St West Chicago IL 60185")).isEqualTo("West Chicago");
        assertThat(oneLine("state", "400 Capitol St Charleston West Virginia 25301")).isEqualTo("WV");
        assertThat(oneLine("city", "400 Capitol St Charleston West Virginia 25301")).isEqualTo("Charleston");
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

    @Test
    void withoutCommasACityStartingWithSaintLakeOrParkIsNotTakenForTheStreet() throws Exception {
        assertThat(oneLine("city", "7116 s prairie ave st. louis missouri 63171")).isEqualTo("St. Louis");
        assertThat(oneLine("line", "7116 s prairie ave st. louis missouri 63171")).isEqualTo("7116 S Prairie Ave");
        assertThat(oneLine("city", "123 Main St Park City UT 84060")).isEqualTo("Park City");
        assertThat(oneLine("city", "9 Lake St Lake Forest IL 60045")).isEqualTo("Lake Forest");
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

    @Test
    void aOneLineAddressWithoutStateOrZipStillGivesLineAndCity() throws Exception {
        assertThat(oneLine("line", "77 Oak Rd, Lakeview")).isEqualTo("77 Oak Rd");
        assertThat(oneLine("city", "77 Oak Rd, Lakeview")).isEqualTo("Lakeview");
        assertThat(oneLine("state", "77 Oak Rd, Lakeview")).isNull();
        assertThat(oneLine("postalCode", "77 Oak Rd, Lakeview")).isNull();
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
}
