package io.chartbridge.app.dashboard;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.mockito.Mockito.when;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.chartbridge.app.web.ConsoleSecurityConfiguration;
import io.chartbridge.core.ledger.ItemState;
import io.chartbridge.core.ledger.RunInfo;
import io.chartbridge.core.ledger.RunStatus;
import io.chartbridge.core.reporting.ErrorCategory;
import io.chartbridge.core.reporting.LedgerReports;
import io.chartbridge.core.reporting.ReviewBacklog;
import io.chartbridge.core.reporting.RunProgress;
import io.chartbridge.core.reporting.SourceProgress;
import io.chartbridge.core.reporting.ThroughputBucket;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

/**
 * The dashboard's JSON and pages with the console's real security configuration; the figures come from a mocked
 * {@link LedgerReports}, so these tests pin what each role may see and how the figures are carried.
 */
@WebMvcTest(controllers = {DashboardApiController.class, DashboardPageController.class})
@Import({ConsoleSecurityConfiguration.class, DashboardWebTest.ProjectTimes.class})
@ActiveProfiles({"console", "console-demo"})
class DashboardWebTest {

    private static final OffsetDateTime START = OffsetDateTime.of(2026, 11, 22, 6, 0, 0, 0, ZoneOffset.UTC);

    /** The project's time zone: Chicago, so a time in UTC would show. */
    @org.springframework.boot.test.context.TestConfiguration
    static class ProjectTimes {
        @org.springframework.context.annotation.Bean
        HumanTimes humanTimes() {
            return new HumanTimes(java.time.ZoneId.of("America/Chicago"), java.time.Clock.fixed(
                    START.plusMinutes(2).toInstant(), ZoneOffset.UTC));
        }
    }

    @Autowired
    MockMvc mvc;

    @MockitoBean
    LedgerReports reports;

    private final RunInfo run = new RunInfo(7, "st-mary", "project.yaml", "fhir:http://ehr/fhir", START, null,
            RunStatus.RUNNING, null);

    @BeforeEach
    void ledgerHoldsOneRunningRun() {
        Map<ItemState, Long> states = new EnumMap<>(ItemState.class);
        states.put(ItemState.LOADED, 40L);
        states.put(ItemState.QUARANTINED, 3L);
        states.put(ItemState.NEEDS_REVIEW, 2L);
        states.put(ItemState.MAPPED, 5L);
        SourceProgress emr = new SourceProgress("emr", states);
        RunProgress progress = new RunProgress(run, START.plusMinutes(2), new SourceProgress(SourceProgress.ALL,
                states), List.of(emr), Map.of("CREATED", 38L, "FAILED", 1L),
                List.of(new ThroughputBucket(START, 5, 45)), 2.5, Duration.ofSeconds(2),
                new ReviewBacklog(2, START.plusSeconds(30), 1, START.plusSeconds(40)),
                List.of(new ErrorCategory("quarantined-abc", ItemState.QUARANTINED, "row has # fields", 3)));
        when(reports.run(7)).thenReturn(Optional.of(run));
        when(reports.run(8)).thenReturn(Optional.empty());
        when(reports.progress(7)).thenReturn(progress);
        when(reports.runs()).thenReturn(List.of(run));
        when(reports.total(7)).thenReturn(progress.total());
        when(reports.resources(7)).thenReturn(progress.resources());
        when(reports.reconciliation(7)).thenReturn(List.of());
    }

    @Test
    void progressJsonCarriesTheLedgerFiguresToAReviewer() throws Exception {
        mvc.perform(get("/dashboard/api/runs/7/progress").with(user("rita").roles("REVIEWER")))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.running").value(true))
                .andExpect(jsonPath("$.total.received").value(50))
                .andExpect(jsonPath("$.total.inFlight").value(5))
                .andExpect(jsonPath("$.total.percentSettled").value(90))
                .andExpect(jsonPath("$.sources[0].source").value("emr"))
                .andExpect(jsonPath("$.sources[0].needsReview").value(2))
                .andExpect(jsonPath("$.resources.created").value(38))
                .andExpect(jsonPath("$.resources.failed").value(1))
                .andExpect(jsonPath("$.etaSeconds").value(2))
                .andExpect(jsonPath("$.backlog.heldRecords").value(2))
                .andExpect(jsonPath("$.backlog.oldestHeldAge").value("1 min"))
                .andExpect(jsonPath("$.errors[0].label").value("row has # fields"))
                .andExpect(jsonPath("$.errors[0].count").value(3));
    }

    @Test
    void progressOfARunTheLedgerDoesNotHoldIsNotFound() throws Exception {
        mvc.perform(get("/dashboard/api/runs/8/progress").with(user("mona").roles("MANAGER")))
                .andExpect(status().isNotFound());
    }

    @Test
    void anonymousCallsAreSentToTheLoginPage() throws Exception {
        mvc.perform(get("/dashboard/api/runs/7/progress"))
                .andExpect(status().is3xxRedirection())
                .andExpect(header().string("Location", endsWith("/login")));
    }

    @Test
    void runPageShowsTheFiguresAndPollsWhileTheRunIsGoing() throws Exception {
        mvc.perform(get("/dashboard/runs/7").with(user("mona").roles("MANAGER")))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("data-live=\"true\"")))
                .andExpect(content().string(containsString("/dashboard/api/runs/7/progress")))
                .andExpect(content().string(containsString("<td class=\"num\" data-key=\"received\">50</td>")))
                .andExpect(content().string(containsString("row has # fields")))
                .andExpect(content().string(containsString("Started <span>22 Nov 2026, 00:00 CST</span>")));
    }

    @Test
    void runHistoryShowsTimesInTheProjectsZoneNotInstants() throws Exception {
        mvc.perform(get("/dashboard").with(user("mona").roles("MANAGER")))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString(">22 Nov 2026, 00:00 CST<")))
                .andExpect(content().string(containsString("title=\"2 min ago\"")))
                .andExpect(content().string(org.hamcrest.Matchers.not(containsString("2026-11-22T"))));
    }

    @Test
    void throughputChartIsAnSvgWithOneBarPerBucket() throws Exception {
        when(reports.throughput(7)).thenReturn(List.of(new ThroughputBucket(START, 5, 45),
                new ThroughputBucket(START.plusSeconds(5), 5, 0)));
        mvc.perform(get("/dashboard/runs/7/throughput.svg").with(user("rita").roles("REVIEWER")))
                .andExpect(status().isOk())
                .andExpect(header().string("Content-Type", containsString("image/svg+xml")))
                .andExpect(content().string(containsString("<title>45 records from 00:00:00 CST (5 s)</title>")))
                .andExpect(content().string(containsString("9.0/s")));
    }
}
