package io.chartbridge.app.run;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import io.chartbridge.connector.fhir.FhirClients;
import io.chartbridge.core.target.TargetRetry;
import io.chartbridge.core.target.TargetUnavailableException;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chartbridge.core.FatalSetupException;
import io.chartbridge.core.project.Project;
import io.chartbridge.core.project.TargetSpec;
import io.chartbridge.core.review.PriorDecision;
import io.chartbridge.core.review.ReviewAction;
import io.chartbridge.matching.CandidateSource;
import io.chartbridge.matching.MatchDecision;
import io.chartbridge.matching.PatientRecord;
import io.chartbridge.matching.PinnedDecisions;
import io.chartbridge.matching.PipelineMatcher;
import io.chartbridge.matching.fhir.FhirCandidatePrefetch;
import io.chartbridge.matching.fhir.FhirCandidateSource;
import io.chartbridge.matching.fhir.FhirPatientCount;
import io.chartbridge.matching.fhir.OtherPatientsCheck;
import io.chartbridge.matching.rules.MatchRules;
import io.chartbridge.matching.rules.RulesLoader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hl7.fhir.r4.model.Patient;

/**
 * The matcher of one run: the project's rules, candidates from the target EHR (FHIR search) and from the records
 * already seen in this run, and the decisions people made earlier, which always win. Used by the match stage only,
 * which decides one record at a time so that the run index grows in the order records are decided. How records are
 * scored and decided is {@link PipelineMatcher}'s (the same as the benchmarks' replay): the prior follows the target's
 * patient count (asked once here) and the run's records, term frequencies are counted as records join, and a record
 * whose best candidate waits for review is held too.
 */
final class RunMatching {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(RunMatching.class);

    private final PipelineMatcher matcher;
    private final IGenericClient client;
    private final FhirContext fhir;
    private final Map<String, ObjectNode> runPatients = new ConcurrentHashMap<>();
    /** Content hash of what was sent on as each run patient's Patient (its own, with what linked records added). */
    private final Map<String, String> sentPatientHash = new ConcurrentHashMap<>();
    /** Decisions of records kept back until the patient they were linked to is on the target (see decide). */
    private final Map<String, MatchDecision> decidedBeforeWaiting = new ConcurrentHashMap<>();
    /** Whether linked records' data may be written into the target's own patients (PUT mode only). */
    private final boolean updateTargetPatients;
    /** This run's records held for a match review: candidates for later records, never patients to link to. */
    private final Map<String, ObjectNode> waitingForReview = new ConcurrentHashMap<>();
    private final Pins pins = new Pins();
    private final FhirCandidatePrefetch prefetch;
    private final OtherPatientsCheck otherPatients;
    /**
     * False while the target holds no patient but this run's own (asked per batch in {@link #prefetch}): its
     * candidates are then all in the run's index, and searching it would find nothing more.
     */
    private volatile boolean searchTarget = true;

    private RunMatching(MatchRules rules, IGenericClient client, FhirContext fhir, TargetRetry retry,
            boolean updateTargetPatients) {
        this.client = client;
        this.fhir = fhir;
        this.updateTargetPatients = updateTargetPatients;
        List<CandidateSource> target = new ArrayList<>();
        if (client != null) {
            FhirCandidateSource source = new FhirCandidateSource(client, 10_000, FhirCandidateSource.DEFAULT_MAX_PAGES,
                    retry);
            target.add(new CandidateSource() {
                @Override
                public List<PatientRecord> candidates(PatientRecord r) {
                    try {
                        return searchTarget ? source.candidates(r) : List.of();
                    } catch (RuntimeException e) {
                        throw refusedOr(e, client.getServerBase());
                    }
                }

                @Override
                public boolean cutOff(PatientRecord r) {
                    return searchTarget && source.cutOff(r);
                }
            });
            this.prefetch = new FhirCandidatePrefetch(source);
            this.otherPatients = new OtherPatientsCheck(() -> FhirPatientCount.of(client));
        } else {
            this.prefetch = null;
            this.otherPatients = null;
        }
        // Counted when the first pair is scored: by then the run has checked that the target answers.
        this.matcher = PipelineMatcher.create(rules, () -> countTargetPatients(client), target, pins);
    }

    /** The target's patient count (one search), or empty: no FHIR target, or no answer (said once, without PHI). */
    private static OptionalLong countTargetPatients(IGenericClient client) {
        if (client == null) {
            return OptionalLong.empty();
        }
        FhirPatientCount.Result count = FhirPatientCount.of(client);
        if (count.patients().isEmpty()) {
            LOG.warn("The target did not answer a patient count ({}): the match stage's prior assumes {} patients"
                    + " until this run's own outnumber them", count.problem(), PipelineMatcher.MINIMUM_POPULATION);
        } else {
            LOG.info("The target holds {} patients; the match stage's prior starts from them",
                    count.patients().getAsLong());
        }
        return count.patients();
    }

    static RunMatching create(Project project, FhirContext fhir) {
        return create(project, fhir, TargetRetry.NONE);
    }

    /** @param retry the run's policy for calls to the target, shared with the load stage (one outage, one budget) */
    static RunMatching create(Project project, FhirContext fhir, TargetRetry retry) {
        MatchRules rules;
        try {
            rules = RulesLoader.loadOrDefault(project.matching().rules()).withSpec(project.matching());
        } catch (IOException | IllegalArgumentException e) {
            // A rules file that does not load (an unknown comparison, level or veto, with its file and line) stops
            // the run before any record is read: one clear line, not a stack trace.
            throw new FatalSetupException(e.getMessage(), e);
        }
        TargetSpec target = project.target();
        IGenericClient client = null;
        if ("fhir".equals(target.kind())) {
            // The loader's credentials (with SMART, its very token): candidate searches are requests to the same EHR.
            client = FhirClients.create(fhir, target);
        }
        return new RunMatching(rules, client, fhir, retry,
                client != null && target.mode() == TargetSpec.WriteMode.PUT);
    }

    MatchRules rules() {
        return matcher.rules();
    }

    /** The number of patients the prior assumes a decision compares against now. */
    long population() {
        return matcher.population();
    }

    /**
     * Searches the target once for a batch of incoming patients, so that deciding them one by one asks it nothing
     * more. A failed batched search costs nothing but time: each record is then searched on its own. While the
     * target holds no patient but the ones this run created ({@code createdByRun}, read by the caller first), the
     * batch is not searched at all (see {@link OtherPatientsCheck}): one count instead of a search per record.
     */
    void prefetch(List<ObjectNode> incoming, long createdByRun) {
        if (prefetch == null || incoming.isEmpty()) {
            return;
        }
        boolean search = otherPatients.othersPossible(createdByRun);
        if (search != searchTarget) {
            LOG.info(search ? "The target holds patients this run did not load: the match stage searches it again"
                    : "The target holds no patients but this run's own: the match stage finds candidates in the run's"
                    + " records and does not search it, while that lasts");
        }
        searchTarget = search;
        if (!search) {
            return;
        }
        try {
            prefetch.prefetch(incoming.stream().map(io.chartbridge.matching.PatientRecordReader::read).toList());
        } catch (TargetUnavailableException outage) {
            throw outage;
        } catch (RuntimeException e) {
            RuntimeException refused = refusedOr(e, client.getServerBase());
            if (refused != e) {
                throw refused;
            }
            LOG.warn("Batched candidate search failed ({}); the batch's records are searched one by one",
                    describe(e));
        }
    }

    /**
     * A 401 (left after the credentials renewed their token and asked once more) or a 403 to a search refuses the run,
     * not one record: one line that stops the run, as the load stage's, instead of every record failing alone.
     */
    static RuntimeException refusedOr(RuntimeException e, String baseUrl) {
        if (e instanceof ca.uhn.fhir.rest.server.exceptions.AuthenticationException) {
            return new TargetUnavailableException("FHIR target " + baseUrl + " refused the credentials (HTTP 401) to a"
                    + " candidate search; check target.auth", e);
        }
        if (e instanceof ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException) {
            return new TargetUnavailableException("FHIR target " + baseUrl + " denied a candidate search (HTTP 403);"
                    + " the credentials lack Patient read and search", e);
        }
        return e;
    }

    /**
     * The kind of failure without the server's message, which can quote searched values (PHI): the exception's class,
     * the HTTP status and HAPI's message code when there is one.
     */
    private static final Pattern HAPI_CODE = Pattern.compile("HAPI-\\d+");

    static String describe(RuntimeException e) {
        StringBuilder out = new StringBuilder(e.getClass().getSimpleName());
        if (e instanceof BaseServerResponseException server) {
            out.append(", HTTP ").append(server.getStatusCode());
        }
        Matcher code = HAPI_CODE.matcher(String.valueOf(e.getMessage()));
        if (code.find()) {
            out.append(", ").append(code.group());
        }
        return out.toString();
    }

    /**
     * People's "new patient" and "not the same person" answers, as pairs never to link again, whichever of the two
     * records reaches the matcher first in a later run (records arrive in no fixed order).
     */
    void keepApartWhatPeopleSeparated(io.chartbridge.core.ledger.Ledger ledger) {
        ledger.query("select d.subject, d.action, d.decision, i.payload from review_decision d join review_item i"
                + " on d.review_item_id = i.id where d.kind in ('POSSIBLE_MATCH', 'POSSIBLE_DUPLICATE')"
                + " and d.action in ('CREATE_NEW', 'NOT_SAME_PERSON')", rs -> {
                    String subject = idPart(rs.getString(1));
                    try {
                        if ("NOT_SAME_PERSON".equals(rs.getString(2))) {
                            pins.keepApart(subject, idPart(JSON.readTree(rs.getString(3)).path("candidate").asText()));
                        } else {
                            for (JsonNode c : JSON.readTree(rs.getString(4)).path("candidates")) {
                                pins.keepApart(subject, idPart(c.path("reference").asText()));
                            }
                        }
                    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                        // A decision we cannot read separates nothing; the pair is asked about again.
                    }
                    return null;
                });
    }

    private static String idPart(String reference) {
        return reference == null ? null : reference.substring(reference.indexOf('/') + 1);
    }

    /**
     * Decides for an incoming Patient. {@code ownTargetId} is the id the target gave this same record's Patient in
     * an earlier run (conditional create), which is the record itself, not a candidate.
     */
    synchronized MatchDecision decide(ObjectNode incoming, Optional<String> ownTargetId,
                                      Optional<PriorDecision> prior) {
        PatientRecord record = io.chartbridge.matching.PatientRecordReader.read(incoming);
        MatchDecision earlier = decidedBeforeWaiting.remove(record.id());
        if (earlier != null) {
            return earlier;
        }
        pins.set(record.id(), prior);
        MatchDecision decision = matcher.decide(record);
        if (ownTargetId.isPresent() && !decision.pinned()) {
            decision = withoutCandidate(record, decision, ownTargetId.get());
        }
        return decision;
    }

    /** A record that goes on as its own patient, sent on as mapped (see {@link #remember(ObjectNode, String)}). */
    void remember(ObjectNode incoming) {
        remember(incoming, PatientReferences.hash(incoming));
    }

    /**
     * A record that goes on as its own patient (new) joins the run's index of legacy records; {@code sentHash} is
     * the content hash of the Patient sent on for it (its own, with what earlier linked records added).
     */
    synchronized void remember(ObjectNode incoming, String sentHash) {
        PatientRecord record = io.chartbridge.matching.PatientRecordReader.read(incoming);
        matcher.rememberPatient(record);
        runPatients.put(record.id(), incoming);
        sentPatientHash.put(record.id(), sentHash);
    }

    /**
     * A record linked to {@code decision}'s patient waits until that patient is on the target (its merged Patient
     * must not overtake the patient's own); the same decision is given when it comes back.
     */
    void waitForPatient(String recordId, MatchDecision decision) {
        decidedBeforeWaiting.put(recordId, decision);
    }

    /** Whether the record was decided already and kept back until its patient is on the target. */
    boolean isWaitingForPatient(String recordId) {
        return decidedBeforeWaiting.containsKey(recordId);
    }

    /** What a patient is merged into: its own content, and whether it is one of this run's records. */
    record MergeBase(ObjectNode content, boolean runPatient, String sentHash) {
    }

    /**
     * The content linked records' data is added to: a patient of this run, its own Patient as mapped; a patient
     * the target holds, read from it (without {@code meta}), only where the project writes by PUT; else empty (the
     * merge is kept in the ledger and applied when the patient's own record passes again).
     */
    Optional<MergeBase> mergeBase(String patientId) {
        ObjectNode own = runPatients.get(patientId);
        if (own != null) {
            return Optional.of(new MergeBase(own, true, sentPatientHash.get(patientId)));
        }
        if (!updateTargetPatients) {
            return Optional.empty();
        }
        try {
            Patient p = client.read().resource(Patient.class).withId(patientId).execute();
            ObjectNode json = (ObjectNode) JSON.readTree(fhir.newJsonParser().encodeResourceToString(p));
            json.remove("meta");
            json.put("id", patientId);
            return Optional.of(new MergeBase(json, false, null));
        } catch (Exception e) {
            LOG.warn("Reading a linked patient from the target failed ({}); its merge is kept in the ledger",
                    e.getClass().getSimpleName());
            return Optional.empty();
        }
    }

    /** The Patient sent on for a run patient changed (a linked record's merge). */
    void sentPatient(String patientId, String hash) {
        sentPatientHash.put(patientId, hash);
    }

    /**
     * A record held for a person's match decision: later records whose best candidate it is are held too, with it
     * among their candidates, instead of becoming patients of their own. It is no patient of this run (records that
     * refer to it wait for the review, as before).
     */
    synchronized void rememberHeld(ObjectNode incoming) {
        PatientRecord record = io.chartbridge.matching.PatientRecordReader.read(incoming);
        if (runPatients.containsKey(record.id()) || waitingForReview.putIfAbsent(record.id(), incoming) != null) {
            return;
        }
        matcher.rememberWaitingForReview(record);
    }

    boolean isRunRecord(String id) {
        return runPatients.containsKey(id);
    }

    /**
     * Whether the target EHR holds a patient with this id (a read). Only a "not found" or "gone" answer says no:
     * any other failure says yes, so that the load, not a review question, reports what is wrong with the target.
     */
    boolean targetHasPatient(String id) {
        if (client == null) {
            return false;
        }
        try {
            client.read().resource(Patient.class).withId(id).execute();
            return true;
        } catch (ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException
                 | ca.uhn.fhir.rest.server.exceptions.ResourceGoneException e) {
            return false;
        } catch (RuntimeException e) {
            LOG.debug("Reading Patient from the target failed ({}); left to the load", e.getClass().getSimpleName());
            return true;
        }
    }

    /** The candidate's data for a reviewer: from this run, or read from the target. */
    JsonNode candidateResource(String id) {
        ObjectNode own = runPatients.get(id);
        if (own == null) {
            own = waitingForReview.get(id);
        }
        if (own != null) {
            return own;
        }
        if (client == null) {
            return JSON.createObjectNode().put("resourceType", "Patient").put("id", id);
        }
        try {
            Patient p = client.read().resource(Patient.class).withId(id).execute();
            return JSON.readTree(fhir.newJsonParser().encodeResourceToString(p));
        } catch (Exception e) {
            return JSON.createObjectNode().put("resourceType", "Patient").put("id", id);
        }
    }

    private MatchDecision withoutCandidate(PatientRecord record, MatchDecision d, String ownId) {
        boolean involved = ownId.equals(d.chosenId()) || d.candidates().stream().anyMatch(c -> ownId.equals(c.rightId()));
        if (!involved) {
            return d;
        }
        // Ask again with this record's own earlier load pinned apart: it is the same record, not another patient.
        pins.apart(record.id(), ownId);
        MatchDecision again = matcher.decide(record);
        pins.clearApart();
        return again;
    }

    /** People's earlier decisions, offered to the matcher for the record being decided. */
    private static final class Pins implements PinnedDecisions {
        private volatile String recordId;
        private volatile Optional<PriorDecision> prior = Optional.empty();
        private final Set<String> apart = new HashSet<>();
        private final Set<String> decidedApart = java.util.concurrent.ConcurrentHashMap.newKeySet();

        void keepApart(String a, String b) {
            if (a != null && b != null && !b.isEmpty()) {
                decidedApart.add(a + "|" + b);
                decidedApart.add(b + "|" + a);
            }
        }

        void set(String id, Optional<PriorDecision> p) {
            recordId = id;
            prior = p;
        }

        synchronized void apart(String a, String b) {
            apart.add(a + "|" + b);
        }

        synchronized void clearApart() {
            apart.clear();
        }

        @Override
        public Optional<Pinned> forRecord(String id) {
            if (!id.equals(recordId) || prior.isEmpty()) {
                return Optional.empty();
            }
            PriorDecision p = prior.get();
            if (p.decision().action() == ReviewAction.LINK) {
                return Optional.of(new Pinned(id, idPart(p.decision().candidate())));
            }
            if (p.decision().action() == ReviewAction.CREATE_NEW) {
                return Optional.of(new Pinned(id, null));
            }
            return Optional.empty();
        }

        @Override
        public synchronized boolean pinnedApart(String id, String candidateId) {
            if (apart.contains(id + "|" + candidateId) || decidedApart.contains(id + "|" + candidateId)) {
                return true;
            }
            Optional<PriorDecision> p = prior;
            return id.equals(recordId) && p.isPresent() && p.get().decision().action() == ReviewAction.NOT_SAME_PERSON
                    && candidateId.equals(idPart(p.get().decision().candidate()));
        }

        private static String idPart(String reference) {
            return reference == null ? null : reference.substring(reference.indexOf('/') + 1);
        }
    }
}
