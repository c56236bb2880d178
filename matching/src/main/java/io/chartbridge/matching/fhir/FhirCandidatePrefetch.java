package io.chartbridge.matching.fhir;

import ca.uhn.fhir.rest.api.SearchStyleEnum;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import io.chartbridge.core.target.TargetRetry;
import io.chartbridge.matching.PatientRecord;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Patient;

/**
 * Answers a batch of records' candidate searches in a few requests instead of one or two per record. First one
 * identifier search per system for up to {@value #CHUNK} identifiers ({@code identifier=sys|a,sys|b,...}); each
 * record's answer is the patients carrying exactly its identifier, as a token search of its own would find. A
 * search whose results run beyond {@value #MAX_PAGES} pages seeds nothing. Then, for the records no identifier
 * found, each record's own birth date + family initial searches (one per family initial among its names; the very
 * URLs {@link FhirCandidateSource} sends), up to {@value #BATCH_ENTRIES} of them as the entries of one FHIR
 * {@code batch}. The answers are stored in
 * {@link FhirCandidateSource}'s cache, so that the matcher, deciding the records one by one, asks the server nothing
 * more; anything not answered is searched on its own later, as before.
 *
 * <p>On a server that must also ingest the run, this turns one or two requests per record (tens of milliseconds of
 * server CPU each on the sandbox) into a few per hundred records (docs/benchmarks.md, issue 3). A single search for
 * all the batch's names over the range of its birth dates is no substitute: HAPI allows no OR list on dates
 * (HAPI-1930), and the range of a hundred random birth dates spans decades, so such a search returns most patients
 * with a common surname.
 */
public final class FhirCandidatePrefetch {

    static final int CHUNK = 50;
    /** Searches per batch request. */
    static final int BATCH_ENTRIES = 100;
    static final int MAX_PAGES = 10;
    private static final int PAGE_SIZE = 200;

    private final FhirCandidateSource source;
    private final IGenericClient client;
    /** The source's policy: a search that meets an outage waits for the target instead of failing the batch. */
    private final TargetRetry retry;

    public FhirCandidatePrefetch(FhirCandidateSource source) {
        this.source = source;
        this.client = source.client();
        this.retry = source.retry();
    }

    /** Searches what the records' candidate lookups will ask and is not cached yet. */
    public void prefetch(List<PatientRecord> records) {
        Map<String, Set<String>> identifiersBySystem = new LinkedHashMap<>();
        for (PatientRecord r : records) {
            for (PatientRecord.Identifier i : r.identifiers()) {
                if (i.system() != null
                        && source.cachedAnswer(FhirCandidateSource.identifierKey(i.system(), i.asWritten())) == null) {
                    identifiersBySystem.computeIfAbsent(i.system(), s -> new LinkedHashSet<>()).add(i.asWritten());
                }
            }
        }
        identifiersBySystem.forEach((system, values) -> {
            for (List<String> chunk : chunks(new ArrayList<>(values), CHUNK)) {
                List<Patient> found = searchAll(client.search().forResource(Patient.class)
                        .where(Patient.IDENTIFIER.exactly().systemAndValues(system, chunk)));
                if (found != null) {
                    for (String value : chunk) {
                        source.seed(FhirCandidateSource.identifierKey(system, value),
                                found.stream().filter(p -> hasIdentifier(p, system, value)).toList());
                    }
                }
            }
        });

        List<PatientRecord> byNameAndBirthDate = new ArrayList<>();
        for (PatientRecord r : records) {
            if (!noIdentifierHit(r)) {
                continue;
            }
            for (PatientRecord name : FhirCandidateSource.nameSearches(r)) {
                if (source.cachedAnswer(FhirCandidateSource.familyBirthDateKey(name)) == null) {
                    byNameAndBirthDate.add(name);
                }
            }
        }
        for (List<PatientRecord> chunk : chunks(byNameAndBirthDate, BATCH_ENTRIES)) {
            searchInOneBatch(chunk);
        }
    }

    /**
     * Each record's own birth date + family initial search, sent together as the entries of one FHIR batch: the
     * server runs them as it would one by one (same URLs, so the same answers and the same paging), in one round trip and
     * without a request's overhead each. An entry the server did not answer with a searchset seeds nothing, and its
     * record is searched on its own later.
     */
    private void searchInOneBatch(List<PatientRecord> records) {
        Bundle batch = new Bundle().setType(Bundle.BundleType.BATCH);
        Map<String, PatientRecord> byKey = new LinkedHashMap<>();
        for (PatientRecord r : records) {
            if (byKey.putIfAbsent(FhirCandidateSource.familyBirthDateKey(r), r) == null) {
                batch.addEntry().getRequest().setMethod(Bundle.HTTPVerb.GET)
                        .setUrl(FhirCandidateSource.familyBirthDateQuery(r));
            }
        }
        Bundle response = retry.call("batched candidate search", () -> client.transaction().withBundle(batch).execute());
        List<String> keys = new ArrayList<>(byKey.keySet());
        List<Bundle.BundleEntryComponent> entries = response.getEntry();
        for (int i = 0; i < Math.min(keys.size(), entries.size()); i++) {
            Bundle.BundleEntryComponent entry = entries.get(i);
            if (entry.getResource() instanceof Bundle page && entry.getResponse().getStatus() != null
                    && entry.getResponse().getStatus().startsWith("200")) {
                source.seedFirstPage(keys.get(i), page);
            }
        }
    }

    private boolean noIdentifierHit(PatientRecord r) {
        for (PatientRecord.Identifier i : r.identifiers()) {
            List<PatientRecord> answer = source.cachedAnswer(FhirCandidateSource.identifierKey(i.system(),
                    i.asWritten()));
            if (answer == null || !answer.isEmpty()) {
                return false;
            }
        }
        return true;
    }

    /** Every page of the search, or null when there are more than {@value #MAX_PAGES}. */
    private List<Patient> searchAll(ca.uhn.fhir.rest.gclient.IQuery<?> query) {
        Bundle page = retry.call("candidate search", () -> query.count(PAGE_SIZE).usingStyle(SearchStyleEnum.POST)
                .returnBundle(Bundle.class).execute());
        List<Patient> out = new ArrayList<>();
        for (int pages = 1; ; pages++) {
            for (Bundle.BundleEntryComponent e : page.getEntry()) {
                if (e.getResource() instanceof Patient p) {
                    out.add(p);
                }
            }
            if (page.getLink(Bundle.LINK_NEXT) == null) {
                return out;
            }
            if (pages == MAX_PAGES) {
                return null;
            }
            Bundle current = page;
            page = retry.call("candidate search", () -> client.loadPage().next(current).execute());
        }
    }

    private static boolean hasIdentifier(Patient p, String system, String value) {
        for (Identifier i : p.getIdentifier()) {
            if (system.equals(i.getSystem()) && value.equals(i.getValue())) {
                return true;
            }
        }
        return false;
    }

    private static <T> List<List<T>> chunks(List<T> all, int size) {
        List<List<T>> out = new ArrayList<>();
        for (int i = 0; i < all.size(); i += size) {
            out.add(all.subList(i, Math.min(all.size(), i + size)));
        }
        return out;
    }
}
