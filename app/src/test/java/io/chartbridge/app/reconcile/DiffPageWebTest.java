package io.chartbridge.app.reconcile;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyBoolean;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.chartbridge.app.web.ConsoleSecurityConfiguration;
import io.chartbridge.core.reconcile.DiffFinding;
import io.chartbridge.core.reconcile.DiffSummary;
import io.chartbridge.core.review.PhiAccessLog;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

/**
 * The rehearsal diff in the console (issue 20) with the real security configuration: only a MANAGER reaches it;
 * paths only unless values are asked for; every view of values is one entry in the PHI access log, naming the
 * manager and the run, and a view without values is none.
 */
@WebMvcTest(controllers = DiffPageController.class)
@Import(ConsoleSecurityConfiguration.class)
@ActiveProfiles({"console", "console-demo"})
class DiffPageWebTest {

    private static final OffsetDateTime START = OffsetDateTime.of(2026, 12, 1, 8, 0, 0, 0, ZoneOffset.UTC);

    @Autowired
    MockMvc mvc;

    @MockitoBean
    ConsoleDiff diff;

    @MockitoBean
    PhiAccessLog phiAccess;

    @BeforeEach
    void oneChangedPatient() {
        DiffSummary summary = new DiffSummary("fhir:http://ehr/fhir", 4L, START, START.plusMinutes(1), "console:mia",
                10, 9, 0, 1, 0, 0, true, null);
        when(diff.diff(eq(4L), anyBoolean(), anyString())).thenAnswer(call -> {
            boolean values = call.getArgument(1);
            return new ConsoleDiff.Result(summary, List.of(new DiffFinding(DiffFinding.Kind.CHANGED, "Patient", "p1",
                    "p1", "1", "2", List.of("birthDate"), null, values
                    ? List.of(new DiffFinding.ValueChange("birthDate", "1982-02-14", "1982-02-15")) : List.of())),
                    0, values);
        });
    }

    @Test
    void reviewersCannotReachTheDiff() throws Exception {
        mvc.perform(get("/dashboard/diff").with(user("rita").roles("REVIEWER"))).andExpect(status().isForbidden());
        mvc.perform(post("/dashboard/diff").param("run", "4").param("values", "true").with(csrf())
                .with(user("rita").roles("REVIEWER"))).andExpect(status().isForbidden());
        verify(diff, never()).diff(any(), anyBoolean(), anyString());
        verify(phiAccess, never()).record(anyString(), any(), anyString());
    }

    @Test
    void aManagerSeesPathsOnlyAndNothingIsRecordedAsAPhiView() throws Exception {
        mvc.perform(get("/dashboard/diff").with(user("mia").roles("MANAGER"))).andExpect(status().isOk())
                .andExpect(content().string(containsString("id=\"show-values\"")));
        mvc.perform(post("/dashboard/diff").param("run", "4").with(csrf()).with(user("mia").roles("MANAGER")))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("<td id=\"diff-changed\">1</td>")))
                .andExpect(content().string(containsString("<td>birthDate</td>")))
                .andExpect(content().string(not(containsString("1982-02-1"))));
        verify(diff).diff(4L, false, "mia");
        verify(phiAccess, never()).record(anyString(), any(), anyString());
    }

    @Test
    void eachViewOfValuesByAManagerIsOneEntryInThePhiAccessLog() throws Exception {
        for (int view = 1; view <= 2; view++) {
            mvc.perform(post("/dashboard/diff").param("run", "4").param("values", "true").with(csrf())
                            .with(user("mia").roles("MANAGER")))
                    .andExpect(status().isOk())
                    .andExpect(content().string(containsString("id=\"phi-warning\"")))
                    .andExpect(content().string(containsString("birthDate: 1982-02-14 → 1982-02-15")));
            verify(phiAccess, times(view)).record("mia", null, "diff values run 4 (console)");
        }
        verify(diff, times(2)).diff(4L, true, "mia");
    }
}
