package io.chartbridge.core.reporting;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * The whole project across all runs, as the project dashboard shows it.
 *
 * @param at              when the figures were read
 * @param countedAt       when the project counters were last brought up to date (null: never)
 * @param historyToCount  ledger history rows (state changes and loads) not yet in the counters: non-zero while the
 *                        counters catch up
 * @param migratedPerDay  records first migrated per day over the recent window ({@link LedgerReports#PROJECT_WINDOW}
 *                        or the project's age if shorter)
 * @param eta             remaining records / migratedPerDay; null when there is no rate (unknown), zero when
 *                        nothing remains
 */
public record ProjectProgress(OffsetDateTime at, OffsetDateTime countedAt, long historyToCount,
                              OffsetDateTime startedAt, List<ProjectSourceFigures> sources, ProjectSourceFigures total,
                              List<ProjectTypeFigures> types, List<ProjectBucket> series, double migratedPerDay,
                              Duration rateWindow, Duration eta, ProjectSignOff signOff) {
}
