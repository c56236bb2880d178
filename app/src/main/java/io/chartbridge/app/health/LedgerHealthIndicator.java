package io.chartbridge.app.health;

import io.chartbridge.core.ledger.Ledger;
import java.sql.Connection;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

/** Is the ledger database answering? Without it nothing is traceable, so the console is DOWN. */
@Component("ledger")
@Profile("console")
class LedgerHealthIndicator extends AbstractHealthIndicator {

    private final Ledger ledger;

    LedgerHealthIndicator(Ledger consoleLedger) {
        super("The ledger database is not reachable");
        this.ledger = consoleLedger;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) throws Exception {
        try (Connection c = ledger.dataSource().getConnection()) {
            if (!c.isValid(2)) {
                builder.down().withDetail("error", "the connection did not answer within 2 s");
                return;
            }
            builder.up().withDetail("database", c.getMetaData().getDatabaseProductName());
        }
        ledger.latestRun().ifPresent(r -> builder.withDetail("latestRun", r.id()));
    }
}
