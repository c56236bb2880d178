package io.chartbridge.matching.link;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.chartbridge.matching.TestPatients;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static io.chartbridge.matching.TestPatients.patient;
import static org.assertj.core.api.Assertions.assertThat;

/** What a migration's match stage ends up with, decided record by record, against what each pair scored. */
class DecisionReplayTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final PrintStream QUIET = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);

    private static Path ndjson(Path file, TestPatients... patients) throws IOException {
        List<String> lines = new java.util.ArrayList<>();
        for (TestPatients p : patients) {
            lines.add(JSON.writeValueAsString(p.json()));
        }
        Files.write(file, lines, StandardCharsets.UTF_8);
        return file;
    }

    private static Path truth(Path file, String... pairs) throws IOException {
        List<String> lines = new java.util.ArrayList<>(List.of("left_id,right_id"));
        lines.addAll(List.of(pairs));
        Files.write(file, lines, StandardCharsets.UTF_8);
        return file;
    }

    @Test
    void twoDuplicatesThatBothMatchTheOriginalEndOnItsPatientEvenWhenTheyOnlyPossiblyMatchEachOther(
            @TempDir Path dir) throws IOException {
        // The original gives no sex; its duplicates disagree on it, which keeps them from linking to each other.
        Path input = ndjson(dir.resolve("in.ndjson"),
                patient("a").gender(null), patient("b").gender("female"), patient("c").gender("male"));
        Path pairs = dir.resolve("pairs.csv");
        LinkJob.run(null, input, null, pairs, false, QUIET);
        Path decisions = dir.resolve("decisions.csv");

        DecisionReplay.Summary s = DecisionReplay.run(null, input, decisions, QUIET);

        assertThat(Files.readAllLines(decisions)).containsExactly("record_id,band,patient_id", "a,NO_MATCH,",
                "b,MATCH,a", "c,MATCH,a");
        assertThat(s.newPatients()).isEqualTo(1);
        assertThat(s.linked()).isEqualTo(2);
        LinkAccuracy.Result byPair = LinkAccuracy.evaluate(pairs, truth(dir.resolve("truth.csv"), "a,b", "a,c",
                "b,c"), input, io.chartbridge.matching.rules.RulesLoader.loadDefault());
        assertThat(byPair.matchRecall()).isEqualTo(2 / 3.0);
        LinkAccuracy.DecisionResult onePatient = LinkAccuracy.evaluateDecisions(decisions, dir.resolve("truth.csv"),
                pairs);
        assertThat(onePatient.recall()).isEqualTo(1.0);
        assertThat(onePatient.precision()).isEqualTo(1.0);
        assertThat(onePatient.truePairsOnlyByDecisions()).isEqualTo(1);
    }

    @Test
    void aDuplicateOfARecordHeldForReviewIsHeldTooNotMadeANewPatient(@TempDir Path dir) throws IOException {
        // Senior and junior of one name and home: the junior is held (birth dates differ). His duplicate, made after
        // he moved, shares his e-mail but not his father's home: it matches the held junior, nobody else.
        TestPatients senior = patient("senior").given("Harold").middle("James").family("Brannigan").gender("male")
                .birthDate("1950-04-12").address("4 Mill Rd", "60601").phone("(555) 404-1212").email(null);
        TestPatients junior = patient("junior").given("Harold").middle("James").family("Brannigan").gender("male")
                .birthDate("1977-04-12").address("4 Mill Rd", "60601").phone("(555) 404-1212")
                .email("hjb77@example.org");
        TestPatients moved = patient("moved").given("Harold").middle("James").family("Brannigan").gender("male")
                .birthDate("1977-04-12").address("77 Lake Ave", "60699").phone("(555) 999-0000")
                .email("hjb77@example.org");
        Path input = ndjson(dir.resolve("in.ndjson"), senior, junior, moved);
        Path decisions = dir.resolve("decisions.csv");

        DecisionReplay.Summary s = DecisionReplay.run(null, input, decisions, QUIET);

        assertThat(Files.readAllLines(decisions)).containsExactly("record_id,band,patient_id", "senior,NO_MATCH,",
                "junior,POSSIBLE_MATCH,", "moved,POSSIBLE_MATCH,");
        assertThat(s.held()).isEqualTo(2);
        assertThat(s.heldWithWaiting()).isEqualTo(1);
        assertThat(s.newPatients()).as("no second patient for the junior").isEqualTo(1);
        LinkAccuracy.DecisionResult r = LinkAccuracy.evaluateDecisions(decisions,
                truth(dir.resolve("truth.csv"), "junior,moved"), null);
        assertThat(r.duplicatePatients()).isZero();
    }

    @Test
    void aNewPatientForSomeoneWithAnEarlierRecordIsCountedAsADuplicatePatient(@TempDir Path dir) throws IOException {
        Path decisions = dir.resolve("decisions.csv");
        Files.write(decisions, List.of("record_id,band,patient_id", "o,NO_MATCH,", "h,POSSIBLE_MATCH,", "x,NO_MATCH,",
                "d,NO_MATCH,", "y,MATCH,o"));

        LinkAccuracy.DecisionResult r = LinkAccuracy.evaluateDecisions(decisions,
                truth(dir.resolve("truth.csv"), "h,d", "o,x", "o,y"), null);

        assertThat(r.duplicatePatients()).as("x (o is a patient) and d (h is held)").isEqualTo(2);
        assertThat(r.duplicatesOfHeldOnly()).as("d").isEqualTo(1);
        assertThat(r.held()).isEqualTo(1);
    }

    @Test
    void aRecordThatMatchesOnlyALinkedDuplicateIsNotLinkedThroughIt(@TempDir Path dir) throws IOException {
        // b has no SSN and matches both; a and c carry different SSNs, which says they are two people.
        Path input = ndjson(dir.resolve("in.ndjson"),
                patient("a").ssn("111-22-3333"), patient("b"), patient("c").ssn("444-55-6666"));
        Path pairs = dir.resolve("pairs.csv");
        LinkJob.run(null, input, null, pairs, false, QUIET);
        Path decisions = dir.resolve("decisions.csv");

        DecisionReplay.run(null, input, decisions, QUIET);

        assertThat(Files.readAllLines(decisions)).containsExactly("record_id,band,patient_id", "a,NO_MATCH,",
                "b,MATCH,a", "c,NO_MATCH,");
        LinkAccuracy.DecisionResult r = LinkAccuracy.evaluateDecisions(decisions,
                truth(dir.resolve("truth.csv"), "a,b", "b,c"), pairs);
        assertThat(r.samePatientPairs()).isEqualTo(1);
        assertThat(r.recall()).isEqualTo(0.5);
        assertThat(r.matchPairsNotOnOnePatient()).as("b-c scored MATCH, but c is never linked through b").isEqualTo(1);
    }
}
