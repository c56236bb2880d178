package io.chartbridge.matching;

import io.chartbridge.matching.rules.MatchRules;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.function.Supplier;

/**
 * The match stage's matcher: one place that builds how a run decides its records, used by the run itself (the app's
 * {@code RunMatching}) and by {@code DecisionReplay}, so that what the benchmarks measure per patient is what a run
 * does (docs/adr/009-match-stage-prior-and-term-frequencies.md).
 *
 * <ul>
 *   <li><b>Prior</b>: {@code expectedMatchesPerRecord / N} ({@link MatchRules#forPopulation}) with N the records a
 *       decision compares against: the target EHR's patients (counted once, when the run scores its first pair)
 *       plus this run's records that became patients or wait for review, and never fewer than
 *       {@value #MINIMUM_POPULATION}. The run is read as a stream, so its final size is unknown while its first
 *       records are decided; N counted from zero would score them with a prior far more generous than the run's
 *       size warrants. Without a target count (no FHIR target, or the server did not answer one) the target counts
 *       as none: N is the minimum until the run outgrows it.</li>
 *   <li><b>Term frequencies</b>: counted over the same records (each counted once, when it joins), used once
 *       {@code termFrequencyMinimumRecords} are counted, and raised to the rules' reference table's share
 *       ({@code termFrequencyReference}) wherever the table says a name is commoner: from the first record on, a
 *       common name counts as common; only the run's own counts can make a name count as rare.</li>
 *   <li><b>Records waiting for review</b> are candidates of their own ({@link PatientMatcher}): never linked to,
 *       and a record whose best candidate is one of them is held too.</li>
 * </ul>
 *
 * <p>Not thread-safe: decide one record at a time and tell it what became of each before the next.
 */
public final class PipelineMatcher {

    /** The smallest population the prior assumes: the match stage's fixed prior before it followed the run. */
    public static final long MINIMUM_POPULATION = 100_000;

    private final MatchRules rules;
    private final Supplier<OptionalLong> targetCount;
    private OptionalLong targetPatients;
    private final RunIndex patients;
    private final RunIndex waiting;
    private final TermFrequencies termFrequencies;
    private final PatientMatcher matcher;
    private long runRecords;

    private PipelineMatcher(MatchRules rules, Supplier<OptionalLong> targetCount, List<CandidateSource> target,
                            PinnedDecisions pinned) {
        this.rules = rules;
        this.targetCount = targetCount;
        this.patients = new RunIndex(rules);
        this.waiting = new RunIndex(rules);
        this.termFrequencies = new TermFrequencies(rules.termFrequencyMinimumRecords(), rules.referenceFrequencies());
        List<CandidateSource> sources = new ArrayList<>(target);
        sources.add(patients);
        this.matcher = new PatientMatcher(new PairScorer(rules, termFrequencies, this::population), sources, waiting,
                pinned);
    }

    /**
     * @param rules       the project's rules (with its thresholds), not yet sized to a population
     * @param targetCount the target EHR's patient count, or empty when unknown (no FHIR target, no answer); asked
     *                    once, when the prior is first needed (a run's first scored pair)
     * @param target      candidate sources of the target EHR (FHIR search), searched before the run's records
     * @param pinned      people's decisions, which win over scores
     */
    public static PipelineMatcher create(MatchRules rules, Supplier<OptionalLong> targetCount,
                                         List<CandidateSource> target, PinnedDecisions pinned) {
        return new PipelineMatcher(rules, targetCount, target, pinned);
    }

    /** {@link #create(MatchRules, Supplier, List, PinnedDecisions)} with a count known beforehand. */
    public static PipelineMatcher create(MatchRules rules, OptionalLong targetPatients, List<CandidateSource> target,
                                         PinnedDecisions pinned) {
        return new PipelineMatcher(rules, () -> targetPatients, target, pinned);
    }

    public MatchDecision decide(PatientRecord r) {
        return matcher.decide(r);
    }

    /** A record that became a patient of its own (new): later records are compared with it. */
    public void rememberPatient(PatientRecord r) {
        patients.add(r);
        joined(r);
    }

    /** A record held for a person's decision: later records that match it best are held too. */
    public void rememberWaitingForReview(PatientRecord r) {
        waiting.add(r);
        joined(r);
    }

    private void joined(PatientRecord r) {
        runRecords++;
        termFrequencies.add(r, rules);
    }

    /** The number of records a decision compares against, as the prior assumes it. */
    public long population() {
        return Math.max(MINIMUM_POPULATION, targetPatients().orElse(0) + runRecords);
    }

    /** The target's patient count, asked the first time it is needed; empty when unknown. */
    public OptionalLong targetPatients() {
        if (targetPatients == null) {
            targetPatients = targetCount.get();
        }
        return targetPatients;
    }

    public boolean targetCounted() {
        return targetPatients().isPresent();
    }

    /** Records of this run that became patients or wait for review. */
    public long runRecords() {
        return runRecords;
    }

    /** The rules as given (thresholds and all), not sized to the population. */
    public MatchRules rules() {
        return rules;
    }

    /** The run's own new patients (for lookups such as oversized blocks). */
    public RunIndex patients() {
        return patients;
    }
}
