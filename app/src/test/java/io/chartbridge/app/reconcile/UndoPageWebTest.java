package io.chartbridge.app.reconcile;

import static org.hamcrest.Matchers.containsString;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.chartbridge.app.web.ConsoleSecurityConfiguration;
import io.chartbridge.core.ledger.RunInfo;
import io.chartbridge.core.ledger.RunStatus;
import io.chartbridge.core.reconcile.RunEffect;
import io.chartbridge.core.reconcile.RunUndo;
import io.chartbridge.core.reconcile.UndoPlan;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
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
 * Undo from the console with the real security configuration: only an ADMIN reaches it, the first page shows the
 * dry run's counts and undoes nothing, and only the confirmation (a POST with the CSRF token) undoes.
 */
@WebMvcTest(controllers = UndoPageController.class)
@Import(ConsoleSecurityConfiguration.class)
@ActiveProfiles({"console", "console-demo"})
class UndoPageWebTest {

    private static final OffsetDateTime START = OffsetDateTime.of(2026, 12, 1, 8, 0, 0, 0, ZoneOffset.UTC);

    @Autowired
    MockMvc mvc;

    @MockitoBean
    ConsoleUndo undo;

    private final RunInfo run = new RunInfo(4, "st-mary", "project.yaml", "fhir:http://ehr/fhir", START,
            START.plusHours(1), RunStatus.COMPLETED, null);

    @BeforeEach
    void oneRunWithAPlan() {
        RunEffect created = new RunEffect("Patient", "p1", "p1", true, "1", "1", "h", null, null, null, "h", null);
        RunEffect touched = new RunEffect("Patient", "p2", "p2", true, "1", "1", "h", null, null, null, "h", null);
        RunEffect updated = new RunEffect("Patient", "p3", "p3", false, "2", "2", "h", "g", "1", 3L, "h", null);
        UndoPlan plan = new UndoPlan(List.of(new UndoPlan.Step(updated, "2")),
                List.of(List.of(new UndoPlan.Step(created, "1"))), List.of(),
                List.of(new UndoPlan.Refusal(touched, "changed on the target since the run")));
        when(undo.runs()).thenReturn(List.of(run));
        when(undo.run(4)).thenReturn(Optional.of(run));
        when(undo.dryRun(eq(4L), anyString())).thenReturn(new RunUndo.Result(4, true, plan, List.of()));
        when(undo.undo(eq(4L), anyString())).thenReturn(new RunUndo.Result(4, false, plan, List.of(
                new RunUndo.Outcome(created, "DELETE", "DONE", "deleted"),
                new RunUndo.Outcome(updated, "RESTORE", "DONE", "restored from the target's history"),
                new RunUndo.Outcome(touched, "DELETE", "REFUSED", "changed on the target since the run"))));
    }

    @Test
    void reviewersAndManagersCannotReachUndo() throws Exception {
        for (String role : List.of("REVIEWER", "MANAGER")) {
            mvc.perform(get("/admin/runs").with(user("u").roles(role))).andExpect(status().isForbidden());
            mvc.perform(get("/admin/runs/4/undo").with(user("u").roles(role))).andExpect(status().isForbidden());
            mvc.perform(post("/admin/runs/4/undo").with(csrf()).with(user("u").roles(role)))
                    .andExpect(status().isForbidden());
        }
        verify(undo, never()).undo(anyLong(), anyString());
        verify(undo, never()).dryRun(anyLong(), anyString());
    }

    @Test
    void anAdminSeesTheDryRunCountsAndAConfirmationFormFirst() throws Exception {
        mvc.perform(get("/admin/runs").with(user("ada").roles("ADMIN")))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("href=\"/admin/runs/4/undo\"")));
        mvc.perform(get("/admin/runs/4/undo").with(user("ada").roles("ADMIN")))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("<td id=\"to-delete\">1</td>")))
                .andExpect(content().string(containsString("<td id=\"to-restore\">1</td>")))
                .andExpect(content().string(containsString("<td id=\"left-alone\">1</td>")))
                .andExpect(content().string(containsString("changed on the target since the run")))
                .andExpect(content().string(containsString("name=\"_csrf\"")))
                .andExpect(content().string(containsString("id=\"confirm-undo\"")));
        verify(undo, never()).undo(anyLong(), anyString());
    }

    @Test
    void theConfirmationNeedsItsCsrfTokenAndThenUndoesAsTheAdmin() throws Exception {
        mvc.perform(post("/admin/runs/4/undo").with(user("ada").roles("ADMIN"))).andExpect(status().isForbidden());
        verify(undo, never()).undo(anyLong(), anyString());

        mvc.perform(post("/admin/runs/4/undo").with(csrf()).with(user("ada").roles("ADMIN")))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("Run 4 undone: 1 created resource(s) deleted, 1 updated"
                        + " resource(s) restored; 1 left alone (changed since the run)")))
                .andExpect(content().string(containsString("Patient/p2")));
        verify(undo).undo(4L, "ada");
    }
}
