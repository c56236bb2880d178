package io.chartbridge.core.reporting;

import io.chartbridge.core.ledger.ItemProblem;
import java.util.List;
import java.util.Map;

/**
 * The reconciliation report of one run: the dashboard's figures, the per source and type reconciliation, the
 * problems, open review questions, the read-back sample, the fill rates of all produced resources, and the sign-off
 * checklist.
 *
 * @param readBack null when no reader for the target was given (the report says the sample was not taken)
 * @param matching records linked to existing patients, and merged into them
 */
public record ReconciliationReport(RunProgress progress, List<SourceReconciliation> sources,
                                   List<ItemProblem> problems, Map<String, Long> openReviewByKind,
                                   ReadBackSample.Result readBack, List<FillRate> fillRates,
                                   List<SignOffItem> checklist, MatchingCounts matching) {
}
