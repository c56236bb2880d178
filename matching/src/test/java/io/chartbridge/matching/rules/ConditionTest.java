package io.chartbridge.matching.rules;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.StringReader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConditionTest {

    private static NicknameTable nicknames() throws IOException {
        return NicknameTable.read(new StringReader("name,nickname\nWilliam,Bill\nWilliam,Will\nPatrick,Pat\nPatricia,Pat\n"));
    }

    private static boolean holds(String condition, String a, String b) throws IOException {
        return Condition.parse(condition, nicknames()).holds(a, b);
    }

    @Test
    void exactHoldsOnlyForEqualValues() throws IOException {
        assertThat(holds("exact", "SMITH", "SMITH")).isTrue();
        assertThat(holds("exact", "SMITH", "SMYTH")).isFalse();
    }

    @Test
    void jaroWinklerHoldsForTyposAboveTheThresholdOnly() throws IOException {
        assertThat(holds("jaro_winkler >= 0.92", "JOHNSON", "JOHNSNO")).isTrue();
        assertThat(holds("jaro_winkler >= 0.92", "JOHNSON", "JACKSON")).isFalse();
    }

    @Test
    void editDistanceCountsOneSlipAsOneEditAdjacentDigitsSwappedIncluded() throws IOException {
        assertThat(holds("adjacent_characters_swapped", "7180320", "7180230")).isTrue();
        assertThat(holds("adjacent_characters_swapped", "123456707", "123456708"))
                .as("numbers issued one after another differ by one, never by an exchange").isFalse();
        assertThat(holds("adjacent_characters_swapped", "7180320", "7180320")).isFalse();
        assertThat(holds("adjacent_characters_swapped", "7180320", "1780230")).as("two exchanges").isFalse();
        assertThat(holds("adjacent_characters_swapped", "7180320", "718320")).isFalse();
        assertThat(holds("edit_distance <= 1", "7180320", "7180230")).as("two digits swapped").isTrue();
        assertThat(holds("edit_distance <= 1", "7180320", "7180329")).as("one typed wrong").isTrue();
        assertThat(holds("edit_distance <= 1", "7180320", "718320")).as("one left out").isTrue();
        assertThat(holds("edit_distance <= 1", "7180320", "71803201")).as("one added").isTrue();
        assertThat(holds("edit_distance <= 1", "7180320", "1780230")).as("two slips").isFalse();
        assertThat(holds("edit_distance <= 2", "7180320", "1780230")).isTrue();
        assertThat(EditDistance.atMost("7180320", "2534242", 1)).isEqualTo(2);
    }

    @Test
    void daysApartHoldsForCalendarDatesWithinTheLimitOnly() throws IOException {
        assertThat(holds("days_apart <= 31", "1977-09-13", "1977-10-14")).isTrue();
        assertThat(holds("days_apart <= 31", "1977-12-20", "1978-01-15")).as("across a year end").isTrue();
        assertThat(holds("days_apart <= 31", "1977-09-13", "1977-10-17")).isFalse();
        assertThat(holds("days_apart <= 366", "1977-09-13", "1976-09-15")).isTrue();
        assertThat(holds("days_apart <= 366", "1977-13-01", "1977-12-31")).as("no month 13").isFalse();
    }

    @Test
    void swappedIsOnlyForTheNameOrderComparison() throws IOException {
        assertThat(holds("swapped", "SMITH", "SMITH")).as("decided by the scorer, not by values").isFalse();
    }

    @Test
    void doubleMetaphoneHoldsForNamesThatSoundAlike() throws IOException {
        assertThat(holds("double_metaphone", "CATHERINE", "KATHRYN")).isTrue();
        assertThat(holds("double_metaphone", "CATHERINE", "MARGARET")).isFalse();
    }

    @Test
    void nysiisHoldsForNamesThatSoundAlike() throws IOException {
        assertThat(holds("nysiis", "MACDONALD", "MCDONALD")).isTrue();
        assertThat(holds("nysiis", "MACDONALD", "DONALDSON")).isFalse();
    }

    @Test
    void initialHoldsWhenOneSideIsTheOthersFirstLetter() throws IOException {
        assertThat(holds("initial", "J", "JANE")).isTrue();
        assertThat(holds("initial", "JANE", "JOAN")).isFalse();
        assertThat(holds("initial", "K", "JANE")).isFalse();
    }

    @Test
    void nicknameHoldsThroughTheTableButNotBetweenTwoFormalNamesSharingANickname() throws IOException {
        assertThat(holds("nickname", "BILL", "WILLIAM")).isTrue();
        assertThat(holds("nickname", "BILL", "WILL")).isTrue();
        assertThat(holds("nickname", "PAT", "PATRICIA")).isTrue();
        assertThat(holds("nickname", "PATRICK", "PATRICIA")).isFalse();
    }

    @Test
    void swappedDayAndMonthIsRecognisedOnlyWhenTheyDiffer() throws IOException {
        assertThat(holds("day_month_swapped", "1980-03-04", "1980-04-03")).isTrue();
        assertThat(holds("day_month_swapped", "1980-03-03", "1980-03-03")).isFalse();
        assertThat(holds("day_month_swapped", "1980-03-04", "1981-04-03")).isFalse();
    }

    @Test
    void oneDateComponentOffMeansOneKeyingSlipInOneComponent() throws IOException {
        assertThat(holds("one_date_component_off", "1964-05-17", "1946-05-17")).isTrue();
        assertThat(holds("one_date_component_off", "1964-05-17", "1964-05-19")).isTrue();
        assertThat(holds("one_date_component_off", "1997-11-25", "1964-11-25"))
                .as("33 years apart is a parent, not a slip").isFalse();
        assertThat(holds("one_date_component_off", "1964-05-17", "1964-06-18")).isFalse();
    }

    @Test
    void firstCharactersComparesPrefixes() throws IOException {
        assertThat(holds("first 3 characters", "10001", "10019")).isTrue();
        assertThat(holds("first 3 characters", "10001", "11001")).isFalse();
    }

    @Test
    void anUnknownConditionIsRefusedWithTheKnownOnes() {
        assertThatThrownBy(() -> Condition.parse("soundex", NicknameTable.empty()))
                .hasMessageContaining("unknown condition 'soundex'").hasMessageContaining("double_metaphone");
    }

    @Test
    void yearOffByHoldsForTheListedDistancesWithTheSameDayAndMonthOnly() throws IOException {
        assertThat(holds("year_off_by 1 or 10", "1980-07-25", "1979-07-25")).isTrue();
        assertThat(holds("year_off_by 1 or 10", "1996-10-17", "2006-10-17")).isTrue();
        assertThat(holds("year_off_by 1 or 10", "1980-07-25", "1982-07-25")).isFalse();
        assertThat(holds("year_off_by 1 or 10", "1980-07-25", "1979-07-26")).isFalse();
        assertThat(holds("year_off_by 1, 10", "1980-07-25", "1990-07-25")).isTrue();
    }
}
