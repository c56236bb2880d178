package io.chartbridge.app.reconcile;

import io.chartbridge.core.FatalSetupException;
import io.chartbridge.core.reconcile.RunUndo;
import io.chartbridge.core.reconcile.TargetStore;
import java.security.Principal;
import org.springframework.context.annotation.Profile;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.server.ResponseStatusException;

/**
 * Undo of a run from the console (ADMIN: every page here is under {@code /admin}). The GET shows the dry run's
 * counts and what would be left alone; only the confirmation form (a POST, with the CSRF token) undoes.
 */
@Controller
@Profile("console")
class UndoPageController {

    private final ConsoleUndo undo;

    UndoPageController(ConsoleUndo undo) {
        this.undo = undo;
    }

    @GetMapping("/admin/runs")
    String runs(Model model) {
        model.addAttribute("runs", undo.runs());
        return "admin/runs";
    }

    @GetMapping("/admin/runs/{runId}/undo")
    String confirm(@PathVariable long runId, Model model, Principal user) {
        model.addAttribute("run", undo.run(runId).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND,
                "no such run")));
        try {
            model.addAttribute("result", undo.dryRun(runId, user.getName()));
        } catch (FatalSetupException | TargetStore.TargetRefusedException e) {
            model.addAttribute("error", e.getMessage());
        }
        return "admin/undo";
    }

    @PostMapping("/admin/runs/{runId}/undo")
    String undo(@PathVariable long runId, Model model, Principal user) {
        model.addAttribute("run", undo.run(runId).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND,
                "no such run")));
        try {
            RunUndo.Result result = undo.undo(runId, user.getName());
            model.addAttribute("result", result);
            model.addAttribute("message", RunUndo.message(result));
        } catch (FatalSetupException | TargetStore.TargetRefusedException e) {
            model.addAttribute("error", e.getMessage());
        }
        return "admin/undo";
    }
}
