package io.chartbridge.app.dashboard;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.chartbridge.app.web.ConsoleSecurityConfiguration;
import io.chartbridge.core.ledger.ItemKind;
import io.chartbridge.core.ledger.ItemState;
import io.chartbridge.core.ledger.Ledger;
import io.chartbridge.core.ledger.RunStatus;
import io.chartbridge.core.mapping.MappedResource;
import io.chartbridge.core.project.IdsSpec;
import io.chartbridge.core.project.LedgerSpec;
import io.chartbridge.core.project.Project;
import io.chartbridge.core.reporting.LedgerReports;
import io.chartbridge.core.review.NewReviewItem;
import io.chartbridge.core.review.ReviewKind;
import io.chartbridge.core.review.ReviewQueue;
import io.chartbridge.core.source.SourceLocation;
import io.chartbridge.core.target.LoadOutcome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.WebMvcTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.web.servlet.MockMvc;

/**
 * The project dashboard with the console's real security, over a real ledger (H2) written through the Ledger API:
 * two runs of one project that read the same five records. Run 1: rows 2-4 loaded (Patients), row 5 quarantined,
 * row 6 held for review (an open UNMAPPED_CODE question). Run 2 reads all five again: rows 2-4 loaded (unchanged),
 * row 5 still quarantined, row 6 still held (the same question), and a third run is still open. A sum over runs would
 * say 10 records and 6 migrated; the project has 5 records, 3 migrated.
 */
@WebMvcTest(controllers = ProjectDashboardController.class)
@Import({ConsoleSecurityConfiguration.class, ProjectDashboardWebTest.TwoRunsLedger.class})
@ActiveProfiles({"console", "console-demo"})
class ProjectDashboardWebTest {

    private static final ZoneId CHICAGO = ZoneId.of("America/Chicago");
    private static final String TARGET = "ndjson:/tmp/out";

    @Autowired
    MockMvc mvc;

    @TestConfiguration
    static class TwoRunsLedger {

        @Bean(destroyMethod = "close")
        Ledger ledger() throws IOException {
            Path dir = Files.createTempDirectory("project-dashboard-test");
            Ledger ledger = Ledger.open(new LedgerSpec("jdbc:h2:file:" + dir.resolve("ledger"), "sa", ""));
            for (int run = 1; run <= 2; run++) {
                writeRun(ledger);
            }
            ledger.startRun("st-mary", "project.yaml", TARGET);
            return ledger;
        }

        @Bean
        Clock clock() {
            return Clock.systemUTC();
        }

        @Bean
        LedgerReports ledgerReports(Ledger ledger, Clock clock) {
            LedgerReports reports = new LedgerReports(ledger, clock);
            reports.updateProjectFigures(Duration.ofMinutes(1));
            return reports;
        }

        @Bean
        HumanTimes humanTimes(Clock clock) {
            return new HumanTimes(CHICAGO, clock);
        }

        @Bean
        Project consoleProject() {
            return new Project("st-mary", null, Path.of("project.yaml"), List.of(), null, null, null, IdsSpec.GENERATED,
                    CHICAGO);
        }

        private static void writeRun(Ledger ledger) {
            long run = ledger.startRun("st-mary", "project.yaml", TARGET);
            long file = ledger.recordItem(run, null, "legacy-emr", ItemKind.FILE, SourceLocation.ofFile("patients.csv"),
                    "file" + run, ItemState.LOADED, null);
            for (int line = 2; line <= 4; line++) {
                long item = row(ledger, run, file, line, ItemState.MAPPED, null);
                ledger.recordLoad(run, item, TARGET, patient("p" + line), new LoadOutcome("Patient", "p" + line,
                        run == 1 ? LoadOutcome.Status.CREATED : LoadOutcome.Status.UNCHANGED, "p" + line, "1", null));
                ledger.transition(item, ItemState.LOADED, null);
            }
            row(ledger, run, file, 5, ItemState.QUARANTINED, "birth date '31-31-1990' matches no date format");
            long held = row(ledger, run, file, 6, ItemState.NEEDS_REVIEW, "state code ZZ not in table states");
            new ReviewQueue(ledger).add(new NewReviewItem(run, held, ReviewKind.UNMAPPED_CODE, "legacy-emr",
                    "patients.csv:6", "row6", "STATE", "state code ZZ not in table states",
                    new ObjectMapper().createObjectNode()));
            ledger.finishRun(run, RunStatus.COMPLETED, null);
        }

        private static long row(Ledger ledger, long run, long file, int line, ItemState state, String reason) {
            return ledger.recordItem(run, file, "legacy-emr", ItemKind.ROW, SourceLocation.ofLine("patients.csv", line),
                    "row" + line, state, reason);
        }

        private static MappedResource patient(String id) {
            return new MappedResource("Patient", id, new ObjectMapper().createObjectNode()
                    .put("resourceType", "Patient").put("id", id), null, "hash-" + id);
        }
    }

    @Test
    void twoRunsOfTheSameRecordsCountEachRecordOnce() throws Exception {
        mvc.perform(get("/dashboard/api/project").with(user("mona").roles("MANAGER")))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.total.known").value(5))
                .andExpect(jsonPath("$.total.migrated").value(3))
                .andExpect(jsonPath("$.total.quarantined").value(1))
                .andExpect(jsonPath("$.total.waitingForReview").value(1))
                .andExpect(jsonPath("$.total.remaining").value(2))
                .andExpect(jsonPath("$.total.percentMigrated").value(60))
                .andExpect(jsonPath("$.sources[0].source").value("legacy-emr"))
                .andExpect(jsonPath("$.types[0].resourceType").value("Patient"))
                .andExpect(jsonPath("$.types[0].known").value(3))
                .andExpect(jsonPath("$.types[0].inTarget").value(3))
                .andExpect(jsonPath("$.signOff.openReviewByKind.UNMAPPED_CODE").value(1))
                .andExpect(jsonPath("$.signOff.quarantined").value(1))
                .andExpect(jsonPath("$.signOff.unresolvedRuns[0].id").value(3))
                .andExpect(jsonPath("$.signOff.unresolvedRuns[0].status").value("RUNNING"))
                .andExpect(jsonPath("$.signOff.clear").value(false))
                .andExpect(jsonPath("$.etaSeconds").isNumber());
    }

    @Test
    void projectPageShowsTheFiguresTheChartsAndWhatIsLeftBeforeCutOver() throws Exception {
        mvc.perform(get("/dashboard/project").with(user("mona").roles("MANAGER")))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("<td class=\"num\" data-key=\"known\">5</td>")))
                .andExpect(content().string(containsString("<td class=\"num\" data-key=\"migrated\">3</td>")))
                .andExpect(content().string(containsString("/dashboard/project/throughput.svg")))
                .andExpect(content().string(containsString("/dashboard/project/backlog.svg")))
                .andExpect(content().string(containsString("UNMAPPED_CODE 1")))
                .andExpect(content().string(containsString("matches no date format")))
                .andExpect(content().string(containsString("Not ready for cut-over yet")))
                .andExpect(content().string(containsString("still open")))
                // Times in the project's zone, as people read them.
                .andExpect(content().string(matchesPattern("(?s).*\\d{1,2} [A-Z][a-z]{2} \\d{4}, \\d{2}:\\d{2} C[SD]T.*")))
                .andExpect(content().string(not(containsString("Z</"))))
                // Nothing from the internet: every script, style and image is the console's own.
                .andExpect(content().string(not(matchesPattern("(?s).*(src|href)=\"(https?:)?//.*"))));
    }

    @Test
    void chartsAreSvgWithTimesInTheProjectsZone() throws Exception {
        mvc.perform(get("/dashboard/project/throughput.svg").with(user("rita").roles("REVIEWER")))
                .andExpect(status().isOk())
                .andExpect(header().string("Content-Type", containsString("image/svg+xml")))
                .andExpect(content().string(containsString("records migrated: ")))
                .andExpect(content().string(containsString(" CST")));
        mvc.perform(get("/dashboard/project/backlog.svg").with(user("rita").roles("REVIEWER")))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("1 questions waiting")));
    }

    @Test
    void anonymousVisitorsAreSentToTheLoginPage() throws Exception {
        mvc.perform(get("/dashboard/project"))
                .andExpect(status().is3xxRedirection())
                .andExpect(header().string("Location", endsWith("/login")));
    }

    @Test
    void withoutARecentRateTheEtaSaysUnknown() throws Exception {
        Clock monthLater = Clock.fixed(Instant.now().plus(Duration.ofDays(30)), ZoneOffset.UTC);
        LedgerReports later = new LedgerReports(ledger, monthLater);
        ProjectView view = ProjectView.of(later.project(CHICAGO), new HumanTimes(CHICAGO, monthLater));
        org.assertj.core.api.Assertions.assertThat(view.eta())
                .isEqualTo("unknown: no record was migrated in the last 7 d");
        org.assertj.core.api.Assertions.assertThat(view.etaSeconds()).isNull();
        org.assertj.core.api.Assertions.assertThat(view.total().known()).isEqualTo(5);
    }

    @Autowired
    Ledger ledger;
}
