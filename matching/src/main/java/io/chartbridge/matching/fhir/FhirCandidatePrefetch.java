package io.chartbridge.matching.fhir;

import ca.uhn.fhir.rest.api.SearchStyleEnum;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.util.StringUtil;
import io.chartbridge.matching.PatientRecord;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Patient;

/**
 * Answers a batch of records' candidate searches with a few searches instead of one or two per record: one
 * identifier search per system for up to {@value #CHUNK} identifiers ({@code identifier=sys|a,sys|b,...}), then,
 * for the records no identifier found, one search for their family names and birth dates
 * ({@code family=A,B&birthdate=ge<first>&birthdate=le<last>}). Each record's own answer is then picked out of the batch's results with the
 * server's rules (exact identifier; family name starting with the searched one after HAPI's search normalisation;
 * the same birth date) and stored in {@link FhirCandidateSource}'s cache, so that the matcher, deciding the records
 * one by one and in order, asks the server nothing more. A batch whose results run beyond
 * {@value #MAX_PAGES} pages seeds nothing: its records are searched one by one as before.
 *
 * <p>On a server that must also ingest the run, this turns a search or two per record (several milliseconds of
 * server time each) into a few per hundred records (docs/benchmarks.md, issue 3).
 */
public final class FhirCandidatePrefetch {

    static final int CHUNK = 50;
    static final int MAX_PAGES = 10;
    private static final int PAGE_SIZE = 200;

    private final FhirCandidateSource source;
    private final IGenericClient client;

    public FhirCandidatePrefetch(FhirCandidateSource source) {
        this.source = source;
        this.client = source.client();
    }

    /** Searches what the records' candidate lookups will ask and is not cached yet. */
    public void prefetch(List<PatientRecord> records) {
        Map<String, Set<String>> identifiersBySystem = new LinkedHashMap<>();
        for (PatientRecord r : records) {
            for (PatientRecord.Identifier i : r.identifiers()) {
                if (i.system() != null && source.cachedAnswer(FhirCandidateSource.identifierKey(i.system(), i.asWritten())) == null) {
                    identifiersBySystem.computeIfAbsent(i.system(), s -> new LinkedHashSet<>()).add(i.asWritten());
                }
            }
        }
        identifiersBySystem.forEach((system, values) -> {
            for (List<String> chunk : chunks(new ArrayList<>(values))) {
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
            if (FhirCandidateSource.searchesNameAndBirthDate(r) && noIdentifierHit(r)
                    && source.cachedAnswer(FhirCandidateSource.familyBirthDateKey(r)) == null) {
                byNameAndBirthDate.add(r);
            }
        }
        for (List<PatientRecord> chunk : chunks(byNameAndBirthDate)) {
            Set<String> families = new LinkedHashSet<>();
            Set<String> birthDates = new LinkedHashSet<>();
            chunk.forEach(r -> {
                families.add(r.family());
                birthDates.add(r.birthDate());
            });
            // HAPI refuses OR lists on date parameters (HAPI-1930), so the batch asks for the range of its birth
            // dates; each record's own block is picked out below.
            List<String> sorted = birthDates.stream().sorted().toList();
            List<Patient> found = searchAll(client.search().forResource(Patient.class)
                    .where(Patient.FAMILY.matches().values(new ArrayList<>(families)))
                    .and(Patient.BIRTHDATE.afterOrEquals().day(sorted.get(0)))
                    .and(Patient.BIRTHDATE.beforeOrEquals().day(sorted.get(sorted.size() - 1))));
            if (found != null) {
                for (PatientRecord r : chunk) {
                    source.seed(FhirCandidateSource.familyBirthDateKey(r),
                            found.stream().filter(p -> sameBlock(p, r)).toList());
                }
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
        Bundle page = query.count(PAGE_SIZE).usingStyle(SearchStyleEnum.POST).returnBundle(Bundle.class).execute();
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
            page = client.loadPage().next(page).execute();
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

    /** The server's answer to family=F&birthdate=D for this patient: a name starting with F, born on D. */
    private static boolean sameBlock(Patient p, PatientRecord r) {
        if (!r.birthDate().equals(p.getBirthDateElement().getValueAsString())) {
            return false;
        }
        String family = StringUtil.normalizeStringForSearchIndexing(r.family());
        for (HumanName name : p.getName()) {
            if (name.hasFamily() && StringUtil.normalizeStringForSearchIndexing(name.getFamily()).startsWith(family)) {
                return true;
            }
        }
        return false;
    }

    private static <T> List<List<T>> chunks(List<T> all) {
        List<List<T>> out = new ArrayList<>();
        for (int i = 0; i < all.size(); i += CHUNK) {
            out.add(all.subList(i, Math.min(all.size(), i + CHUNK)));
        }
        return out;
    }
}
