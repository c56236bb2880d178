package io.chartbridge.app.reconcile;

import io.chartbridge.core.reconcile.DiffSummary;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Profile;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/**
 * Gives the dashboard's pages the latest diff's summary ({@code lastDiff}), which the fragment
 * {@code dashboard/last-diff :: summary} shows. Kept apart from the dashboard's controllers so that they need not
 * know about diffs.
 */
@ControllerAdvice(basePackages = "io.chartbridge.app.dashboard")
@Profile("console")
class LastDiffAdvice {

    private final ObjectProvider<ReconcileConsoleConfiguration.LastDiff> lastDiff;

    LastDiffAdvice(ObjectProvider<ReconcileConsoleConfiguration.LastDiff> lastDiff) {
        this.lastDiff = lastDiff;
    }

    @ModelAttribute("lastDiff")
    DiffSummary lastDiff() {
        ReconcileConsoleConfiguration.LastDiff source = lastDiff.getIfAvailable();
        return source == null ? null : source.get();
    }
}
