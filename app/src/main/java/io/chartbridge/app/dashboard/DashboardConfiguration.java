package io.chartbridge.app.dashboard;

import io.chartbridge.core.ledger.Ledger;
import io.chartbridge.core.project.Project;
import io.chartbridge.core.reporting.LedgerReports;
import io.chartbridge.core.reporting.ReconciliationReports;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;

/** The dashboard's figures come from the console's ledger, through the one reporting component. */
@Configuration
@Profile("console")
public class DashboardConfiguration {

    @Bean
    LedgerReports ledgerReports(Ledger consoleLedger, Clock consoleClock) {
        return new LedgerReports(consoleLedger, consoleClock);
    }

    /** Times on the dashboard's pages, in the project's time zone. */
    @Bean
    HumanTimes humanTimes(Project consoleProject, Clock consoleClock) {
        return new HumanTimes(consoleProject.zone(), consoleClock);
    }

    @Bean
    ReconciliationReports reconciliationReports(Ledger consoleLedger, Clock consoleClock) {
        return new ReconciliationReports(consoleLedger, consoleClock);
    }
}
