package io.chartbridge.app.reconcile;

import ca.uhn.fhir.context.FhirContext;
import io.chartbridge.core.ledger.Ledger;
import io.chartbridge.core.project.Project;
import io.chartbridge.core.reconcile.DiffLedger;
import io.chartbridge.core.reconcile.DiffSummary;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;

/** The console's undo, diff and the dashboard's last diff, over the console's project and ledger. */
@Configuration
@Profile("console")
public class ReconcileConsoleConfiguration {

    @Bean
    ConsoleUndo consoleUndo(Project consoleProject, Ledger consoleLedger, FhirContext fhirContext,
                            Clock consoleClock) {
        return new ConsoleUndo(consoleProject, consoleLedger, fhirContext, consoleClock);
    }

    @Bean
    ConsoleDiff consoleDiff(Project consoleProject, Ledger consoleLedger, FhirContext fhirContext,
                            Clock consoleClock) {
        return new ConsoleDiff(consoleProject, consoleLedger, fhirContext, consoleClock);
    }

    @Bean
    LastDiff lastDiff(Ledger consoleLedger) {
        return () -> new DiffLedger(consoleLedger).latest().orElse(null);
    }

    /** The latest diff's summary, or null when none was made. */
    @FunctionalInterface
    public interface LastDiff {
        DiffSummary get();
    }
}
