package io.chartbridge.matching.fhir;

import ca.uhn.fhir.parser.IParser;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.util.UrlUtil;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chartbridge.core.target.TargetRetry;
import io.chartbridge.matching.CandidateSource;
import io.chartbridge.matching.PatientRecord;
import io.chartbridge.matching.PatientRecordReader;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Patient;

import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Candidates from the target EHR, searched through FHIR REST. Identifier searches come first: an identifier hit is
 * precise and cheap for the server, so when one is found the broader search (birth date and family initial) is
 * skipped.
 * Results are cached (bounded, least recently used first out) because a migration asks the same blocks many times.
 * Each search asks for pages of {@value #PAGE_SIZE} and follows the bundle's {@code next} links for at most
 * {@code maxPages} pages ({@value #DEFAULT_MAX_PAGES} by default, so at most 1,000 candidates, the run index's block
 * limit): a block larger than that is not a useful block, and a server answering with endless pages cannot stall the
 * run. Searches cut off at the cap are counted ({@link #truncatedSearches()}).
 */
public final class FhirCandidateSource implements CandidateSource {

    static final int PAGE_SIZE = 50;
    public static final int DEFAULT_MAX_PAGES = 20;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final IGenericClient client;
    private final IParser parser;
    private final Map<String, List<PatientRecord>> cache;
    private final int maxPages;
    private final java.util.concurrent.atomic.AtomicLong truncated = new java.util.concurrent.atomic.AtomicLong();
    /** Searches (cache keys) that had a next page after {@code maxPages}: their answer is incomplete. */
    private final java.util.Set<String> cutOffSearches = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final TargetRetry retry;

    public FhirCandidateSource(IGenericClient client) {
        this(client, 10_000);
    }

    public FhirCandidateSource(IGenericClient client, int maxCachedSearches) {
        this(client, maxCachedSearches, DEFAULT_MAX_PAGES);
    }

    /** @param maxPages pages of {@value #PAGE_SIZE} read per search at most (next links followed after the first) */
    public FhirCandidateSource(IGenericClient client, int maxCachedSearches, int maxPages) {
        this(client, maxCachedSearches, maxPages, TargetRetry.NONE);
    }

    /**
     * @param retry the run's policy for calls to the target: a search that meets an outage waits for the target
     *              like the load stage does, instead of failing the record
     */
    public FhirCandidateSource(IGenericClient client, int maxCachedSearches, int maxPages, TargetRetry retry) {
        this.retry = retry;
        if (maxPages < 1) {
            throw new IllegalArgumentException("maxPages must be at least 1");
        }
        this.maxPages = maxPages;
        this.client = client;
        this.parser = client.getFhirContext().newJsonParser();
        this.cache = Collections.synchronizedMap(new LinkedHashMap<>(256, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, List<PatientRecord>> eldest) {
                return size() > maxCachedSearches;
            }
        });
    }

    /**
     * Whether a search {@link #candidates} makes for {@code r} was cut off at {@code maxPages} pages: a patient that
     * is {@code r} may be among the candidates not read (the match stage then asks a person).
     */
    @Override
    public boolean cutOff(PatientRecord r) {
        if (cutOffSearches.isEmpty()) {
            return false;
        }
        boolean identifierFound = false;
        for (PatientRecord.Identifier i : r.identifiers()) {
            String key = identifierKey(i.system(), i.asWritten());
            if (cutOffSearches.contains(key)) {
                return true;
            }
            List<PatientRecord> answer = cache.get(key);
            identifierFound |= answer != null && !answer.isEmpty();
        }
        if (identifierFound) {
            return false;
        }
        for (PatientRecord name : nameSearches(r)) {
            if (cutOffSearches.contains(familyBirthDateKey(name))) {
                return true;
            }
        }
        return false;
    }

    @Override
    public List<PatientRecord> candidates(PatientRecord r) {
        List<PatientRecord> found = new ArrayList<>();
        for (PatientRecord.Identifier i : r.identifiers()) {
            found.addAll(cached(identifierKey(i.system(), i.asWritten()), () -> client.search()
                    .forResource(Patient.class)
                    .where(Patient.IDENTIFIER.exactly().systemAndIdentifier(i.system(), i.asWritten()))
                    .count(PAGE_SIZE)
                    .returnBundle(Bundle.class)
                    .execute()));
        }
        if (found.isEmpty()) {
            for (PatientRecord name : nameSearches(r)) {
                found.addAll(cached(familyBirthDateKey(name), () -> client.search().byUrl(familyBirthDateQuery(name))
                        .returnBundle(Bundle.class).execute()));
            }
        }
        return distinct(found);
    }

    /**
     * The broader searches a record needs: one per family initial among its names (its own and its other names: a
     * woman registered under her married name with her maiden name recorded is also searched under the maiden
     * name's initial), each as a view of the record with that name; and when the birth date's day could be a month,
     * each again with day and month swapped (a second search: HAPI FHIR answers a date "or" with HTTP 400), as the
     * run index's {@code birth_date_either_order} blocking key finds them. None without a searchable birth date. The
     * server's {@code family} parameter matches any of a stored patient's names, so a target patient is found under
     * an old name too.
     */
    static List<PatientRecord> nameSearches(PatientRecord r) {
        if (!isCalendarDate(r.birthDate())) {
            return List.of();
        }
        Map<String, PatientRecord> byInitial = new LinkedHashMap<>();
        for (PatientRecord name : r.nameViews()) {
            if (name.family() != null) {
                byInitial.putIfAbsent(familyInitial(name), name);
            }
        }
        String swapped = swappedDayAndMonth(r.birthDate());
        List<PatientRecord> searches = new ArrayList<>(byInitial.values());
        if (swapped != null) {
            for (PatientRecord name : byInitial.values()) {
                searches.add(name.withBirthDate(swapped));
            }
        }
        return List.copyOf(searches);
    }

    static String identifierKey(String system, String value) {
        return "identifier|" + system + "|" + value;
    }

    static String familyBirthDateKey(PatientRecord r) {
        return "family-birthdate|" + familyInitial(r) + "|" + r.birthDate();
    }

    /**
     * The broader search, as a relative URL: patients born on the record's birth date whose family name starts with
     * the record's family initial ({@code family=W&birthdate=1971-03-08}; HAPI matches a family name by its start,
     * after removing accents and case). Only the initial, because the record's name is normalised for comparison
     * (apostrophes and hyphens gone, "O'Brien" read as OBRIEN) while the server matches the name as it was stored,
     * punctuation included; a birth date's patients with one initial are a small block, which the scorer then
     * compares in full. {@link FhirCandidatePrefetch} sends the same URL inside a batch, so both get the same answer.
     */
    static String familyBirthDateQuery(PatientRecord r) {
        return "Patient?family=" + familyInitial(r) + "&birthdate=" + UrlUtil.escapeUrlParam(r.birthDate())
                + "&_count=" + PAGE_SIZE;
    }

    /** {@code 1971-08-03} for {@code 1971-03-08}; null when the day cannot be a month or equals it. */
    static String swappedDayAndMonth(String calendarDate) {
        java.time.LocalDate d = java.time.LocalDate.parse(calendarDate);
        if (d.getDayOfMonth() > 12 || d.getDayOfMonth() == d.getMonthValue()) {
            return null;
        }
        return java.time.LocalDate.of(d.getYear(), d.getDayOfMonth(), d.getMonthValue()).toString();
    }

    /** The normalised family name's first letter (A-Z after {@link PatientRecordReader}'s normalisation). */
    private static String familyInitial(PatientRecord r) {
        return r.family().substring(0, 1);
    }


    /** What a search answered, found by other means (a batched search, {@link FhirCandidatePrefetch}). */
    void seed(String key, List<Patient> patients) {
        cache.put(key, List.copyOf(toRecords(patients)));
    }

    /**
     * The first page of a search's answer, found by other means (an entry of a batch); the rest of its pages are
     * read as for a search of its own.
     */
    void seedFirstPage(String key, Bundle firstPage) {
        cache.put(key, allPages(key, firstPage));
    }

    /** The cached answer of a search, or null when it has not been made. */
    List<PatientRecord> cachedAnswer(String key) {
        return cache.get(key);
    }

    TargetRetry retry() {
        return retry;
    }

    IGenericClient client() {
        return client;
    }

    /** A mistyped birth date (month 15) cannot be searched for; the identifier search still ran. */
    private static boolean isCalendarDate(String s) {
        if (s == null) {
            return false;
        }
        try {
            java.time.LocalDate.parse(s);
            return true;
        } catch (java.time.format.DateTimeParseException e) {
            return false;
        }
    }

    /** Searches made so far that are still cached. */
    public int cachedSearches() {
        return cache.size();
    }

    /** Searches that still had a next page after {@code maxPages} pages; their candidates are the pages read. */
    public long truncatedSearches() {
        return truncated.get();
    }

    private interface Search {
        Bundle run();
    }

    private List<PatientRecord> cached(String key, Search search) {
        List<PatientRecord> hit = cache.get(key);
        if (hit != null) {
            return hit;
        }
        List<PatientRecord> all = allPages(key, retry.call("candidate search", search::run));
        cache.put(key, all);
        return all;
    }

    private List<PatientRecord> allPages(String key, Bundle first) {
        Bundle page = first;
        List<PatientRecord> records = new ArrayList<>(toRecords(page));
        for (int read = 1; page.getLink(Bundle.LINK_NEXT) != null; read++) {
            if (read >= maxPages) {
                truncated.incrementAndGet();
                cutOffSearches.add(key);
                break;
            }
            Bundle current = page;
            page = retry.call("candidate search", () -> client.loadPage().next(current).execute());
            records.addAll(toRecords(page));
        }
        return List.copyOf(records);
    }

    /** Through JSON, so the same reader (and normalisation) applies to server results as to migrated records. */
    private List<PatientRecord> toRecords(Bundle bundle) {
        // A searchset can carry OperationOutcome or included resources besides the matches: only Patients count.
        List<Patient> patients = new ArrayList<>();
        for (Bundle.BundleEntryComponent e : bundle.getEntry()) {
            if (e.getResource() instanceof Patient p) {
                patients.add(p);
            }
        }
        return toRecords(patients);
    }

    private List<PatientRecord> toRecords(List<Patient> patients) {
        List<PatientRecord> out = new ArrayList<>();
        for (Patient p : patients) {
            try {
                JsonNode node = JSON.readTree(parser.encodeResourceToString(p));
                ObjectNode patient = (ObjectNode) node;
                patient.put("id", p.getIdElement().getIdPart());
                out.add(PatientRecordReader.read(patient));
            } catch (com.fasterxml.jackson.core.JsonProcessingException ex) {
                throw new UncheckedIOException("Patient from the target could not be read", ex);
            }
        }
        return out;
    }

    private static List<PatientRecord> distinct(List<PatientRecord> records) {
        Map<String, PatientRecord> byId = new LinkedHashMap<>();
        for (PatientRecord r : records) {
            byId.putIfAbsent(r.id(), r);
        }
        return List.copyOf(byId.values());
    }
}
