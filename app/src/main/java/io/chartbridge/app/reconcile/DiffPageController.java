package io.chartbridge.app.reconcile;

import io.chartbridge.core.FatalSetupException;
import io.chartbridge.core.reconcile.TargetStore;
import io.chartbridge.core.review.PhiAccessLog;
import java.security.Principal;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The full rehearsal diff in the console (MANAGER: {@code /dashboard/diff}). Paths only, as the command; with
 * "show values" the values at the differing paths too (PHI), each such view recorded in the PHI access log with who
 * and which run. The diff reads the whole target, so it runs on the form's POST, not on a page load.
 */
@Controller
@Profile("console")
class DiffPageController {

    private final ConsoleDiff diff;
    private final PhiAccessLog phiAccess;

    DiffPageController(ConsoleDiff diff, PhiAccessLog phiAccess) {
        this.diff = diff;
        this.phiAccess = phiAccess;
    }

    @GetMapping("/dashboard/diff")
    String form() {
        return "dashboard/diff";
    }

    @PostMapping("/dashboard/diff")
    String run(@RequestParam(name = "run", required = false) Long runId,
               @RequestParam(name = "values", defaultValue = "false") boolean values, Model model, Principal user) {
        model.addAttribute("runId", runId);
        if (values) {
            phiAccess.record(user.getName(), null, "diff values " + (runId == null ? "all" : "run " + runId)
                    + " (console)");
        }
        try {
            model.addAttribute("result", diff.diff(runId, values, user.getName()));
        } catch (FatalSetupException | TargetStore.TargetRefusedException e) {
            model.addAttribute("error", e.getMessage());
        }
        return "dashboard/diff";
    }
}
