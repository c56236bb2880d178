package io.chartbridge.app.dashboard;

import static org.hamcrest.Matchers.containsString;
import static org.mockito.Mockito.when;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.chartbridge.app.reconcile.ReconcileConsoleConfiguration;
import io.chartbridge.app.web.ConsoleSecurityConfiguration;
import io.chartbridge.core.reconcile.DiffSummary;
import io.chartbridge.core.reporting.LedgerReports;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

/** The dashboard's run list shows the latest full rehearsal diff from the ledger (issue 20, item 4). */
@WebMvcTest(controllers = DashboardPageController.class)
@Import({ConsoleSecurityConfiguration.class, DashboardWebTest.ProjectTimes.class})
@ActiveProfiles({"console", "console-demo"})
class LastDiffOnDashboardWebTest {

    private static final OffsetDateTime AT = OffsetDateTime.of(2026, 12, 1, 9, 0, 0, 0, ZoneOffset.UTC);

    @Autowired
    MockMvc mvc;

    @MockitoBean
    LedgerReports reports;

    @MockitoBean
    ReconcileConsoleConfiguration.LastDiff lastDiff;

    @Test
    void theLatestDiffsFiguresAreOnTheRunList() throws Exception {
        when(lastDiff.get()).thenReturn(new DiffSummary("fhir:http://ehr/fhir", 3L, AT, AT.plusMinutes(4), "cli:ops",
                1200, 1190, 4, 5, 1, 0, true, "run-3.csv"));

        mvc.perform(get("/dashboard").with(user("rita").roles("REVIEWER")))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("data-key=\"diff-scope\">run 3<")))
                .andExpect(content().string(containsString("data-key=\"diff-checked\">1200<")))
                .andExpect(content().string(containsString("data-key=\"diff-missing\">4<")))
                .andExpect(content().string(containsString("data-key=\"diff-changed\">5<")))
                .andExpect(content().string(containsString("data-key=\"diff-extra\">1<")));
    }

    @Test
    void withoutADiffItSaysHowToMakeOne() throws Exception {
        when(lastDiff.get()).thenReturn(null);

        mvc.perform(get("/dashboard").with(user("rita").roles("REVIEWER")))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("No diff yet")));
    }
}
