package io.chartbridge.app.run;

import ca.uhn.fhir.context.FhirContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chartbridge.core.ledger.Ledger;
import io.chartbridge.core.ledger.LedgerWrites;
import io.chartbridge.core.mapping.MappedRecord;
import io.chartbridge.core.mapping.MappedResource;
import io.chartbridge.core.project.Project;
import io.chartbridge.core.review.ReviewItem;
import io.chartbridge.core.source.SourceLocation;
import io.chartbridge.core.target.FhirTarget;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The match stage for a record a person released from review: a record held for an uncertain OCR field, an unmapped
 * code or a fixable validation failure was held before the match stage, so once its questions are answered it goes
 * through the same decision ({@link MatchStageDecision}) before anything is loaded, with candidates from the target
 * EHR and from what the project's runs loaded. The run is over by then, so a patient nobody knows is asked about at
 * once (UNKNOWN_PATIENT) instead of waiting for the end of the run.
 */
public final class ReleasedRecordMatching {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** What the match stage made of the released record. */
    public enum Verdict {
        /** Load {@link Result#resources()}: linked to an existing patient, a new patient, or its patient is known. */
        LOAD,
        /** A new question about the record is in the queue (POSSIBLE_MATCH, UNKNOWN_PATIENT); nothing is loaded. */
        HELD
    }

    public record Result(Verdict verdict, List<MappedResource> resources) {
    }

    private final Project project;
    private final FhirContext fhir;

    /** {@code fhir} may be null when the project's target is not a FHIR server. */
    public ReleasedRecordMatching(Project project, FhirContext fhir) {
        this.project = project;
        this.fhir = fhir;
    }

    /** Whether the project matches patients at all; without, released records are loaded as they are. */
    public boolean enabled() {
        return project.matching().enabled();
    }

    /** Decides the released record of {@code item} (its resources as the answered questions changed them). */
    public Result decide(Ledger ledger, FhirTarget target, ReviewItem item, List<MappedResource> resources) {
        ActiveRun run = releaseRun(ledger, target, item.runId());
        MatchStageDecision.Subject subject = new MatchStageDecision.Subject(item.itemId(), item.sourceName(),
                item.location(), item.contentHash());
        MappedRecord mapped = new MappedRecord(SourceLocation.ofFile(item.location()), resources, List.of());
        LedgerWrites writes = new LedgerWrites();
        MatchStageDecision.Result result = MatchStageDecision.decide(run, subject, mapped, writes);
        Result released = switch (result.verdict()) {
            case GO_ON, WAIT_FOR_PATIENT -> new Result(Verdict.LOAD, result.mapped().resources());
            case HELD -> new Result(Verdict.HELD, result.mapped().resources());
            case UNKNOWN_PATIENT -> {
                MatchStageDecision.holdUnknownPatient(run, subject, result.mapped(), result.unknown(), writes);
                yield new Result(Verdict.HELD, result.mapped().resources());
            }
        };
        ledger.apply(writes);
        return released;
    }

    /**
     * Remembers a person's link of our Patient {@code ownReference} to the target's {@code chosen}, as the match
     * stage remembers its own links, so that the records referring to it follow in this and later runs.
     */
    public void link(Ledger ledger, FhirTarget target, long runId, String ownReference, String chosen) {
        releaseRun(ledger, target, runId).link(ownReference, chosen);
    }

    /**
     * References to resources the target holds under ids it chose (conditional create) in the form it knows them,
     * as the load stage sends them; hashes are kept.
     */
    public static List<MappedResource> asTargetKnowsThem(Ledger ledger, FhirTarget target,
                                                         List<MappedResource> resources) {
        ActiveRun run = new ActiveRun(-1, null, ledger, target, Map.of());
        return PatientReferences.rewrite(resources, run::targetReference, false);
    }

    private ActiveRun releaseRun(Ledger ledger, FhirTarget target, long runId) {
        RunMatching matching = null;
        if (enabled()) {
            matching = RunMatching.create(project, fhir);
            matching.keepApartWhatPeopleSeparated(ledger);
            if ("ndjson".equals(project.target().kind())) {
                // An NDJSON folder cannot be searched: its patients are the candidates "from the run".
                ndjsonPatients(project.target().location()).forEach(matching::remember);
            }
        }
        ActiveRun run = new ActiveRun(runId, project, ledger, target, Map.of(), matching);
        // The run is over: nothing waits for a later pass, a merged patient goes with the released record.
        run.closeDeferrals();
        return run;
    }

    /** The latest version of each Patient in the folder's Patient.ndjson (a re-run appends). */
    private static List<ObjectNode> ndjsonPatients(Path folder) {
        Path file = folder.resolve("Patient.ndjson");
        if (!Files.isRegularFile(file)) {
            return List.of();
        }
        Map<String, ObjectNode> byId = new LinkedHashMap<>();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (!line.isBlank()) {
                    JsonNode node = JSON.readTree(line);
                    if (node instanceof ObjectNode o) {
                        byId.remove(o.path("id").asText());
                        byId.put(o.path("id").asText(), o);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file + ": " + e.getMessage(), e);
        }
        return List.copyOf(byId.values());
    }
}
