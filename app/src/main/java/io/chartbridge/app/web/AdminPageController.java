package io.chartbridge.app.web;

import io.chartbridge.core.review.PhiAccessLog;
import io.chartbridge.core.review.ReviewQueue;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/** Settings and users (ADMIN) and the audit and PHI access logs (MANAGER and ADMIN). Read-only. */
@Controller
@Profile("console")
class AdminPageController {

    private final ConsoleProperties properties;
    private final ReviewQueue queue;
    private final PhiAccessLog phi;

    AdminPageController(ConsoleProperties properties, ReviewQueue queue, PhiAccessLog phi) {
        this.properties = properties;
        this.queue = queue;
        this.phi = phi;
    }

    @GetMapping("/admin")
    String admin(Model model) {
        model.addAttribute("users", properties.users());
        model.addAttribute("project", properties.project());
        model.addAttribute("claimTimeout", properties.claimTimeout());
        return "admin";
    }

    @GetMapping("/audit")
    String audit(Model model) {
        model.addAttribute("audit", queue.auditLog().recent(200));
        model.addAttribute("access", phi.recent(200));
        return "audit";
    }
}
