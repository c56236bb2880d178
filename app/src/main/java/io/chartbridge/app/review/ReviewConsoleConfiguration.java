package io.chartbridge.app.review;

import io.chartbridge.app.run.TargetFactory;
import io.chartbridge.app.web.ConsoleProperties;
import io.chartbridge.core.FatalSetupException;
import io.chartbridge.core.ledger.Ledger;
import io.chartbridge.core.project.Project;
import io.chartbridge.core.project.ProjectLoader;
import io.chartbridge.core.review.CodeTableAdditions;
import io.chartbridge.core.review.PhiAccessLog;
import io.chartbridge.core.review.ReviewQueue;
import java.nio.file.Path;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;

/** The console's review beans, over the ledger of the project named by {@code chartbridge.console.project}. */
@Configuration
@Profile("console")
public class ReviewConsoleConfiguration {

    @Bean
    Project consoleProject(ConsoleProperties properties) {
        if (properties.project() == null || properties.project().isBlank()) {
            throw new FatalSetupException("chartbridge.console.project is not set: which project's queue to show?");
        }
        return new ProjectLoader().load(Path.of(properties.project()));
    }

    @Bean(destroyMethod = "close")
    Ledger consoleLedger(Project consoleProject) {
        return Ledger.open(consoleProject.ledger());
    }

    @Bean
    Clock consoleClock() {
        return Clock.systemUTC();
    }

    @Bean
    ReviewQueue reviewQueue(Ledger consoleLedger, ConsoleProperties properties, Clock consoleClock) {
        return new ReviewQueue(consoleLedger, properties.claimTimeout(), consoleClock);
    }

    @Bean
    PhiAccessLog phiAccessLog(Ledger consoleLedger, Clock consoleClock) {
        return new PhiAccessLog(consoleLedger.dataSource(), consoleClock);
    }

    @Bean
    CodeTables codeTables(Ledger consoleLedger, Clock consoleClock) {
        return new CodeTables(new CodeTableAdditions(consoleLedger, consoleClock));
    }

    @Bean
    HeldRecordRelease heldRecordRelease(Ledger consoleLedger, ReviewQueue reviewQueue, TargetFactory targetFactory,
                                        Project consoleProject, CodeTables codeTables) {
        return new TargetHeldRecordRelease(consoleLedger, reviewQueue, targetFactory, consoleProject, codeTables);
    }

    @Bean
    ReviewService reviewService(ReviewQueue reviewQueue, PhiAccessLog phiAccessLog, HeldRecordRelease release,
                                CodeTables codeTables) {
        return new ReviewService(reviewQueue, phiAccessLog, release, new ScanCrops(), codeTables);
    }
}
