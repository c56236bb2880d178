package io.chartbridge.matching.fhir;

import ca.uhn.fhir.rest.api.CacheControlDirective;
import ca.uhn.fhir.rest.api.SummaryEnum;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Patient;

import java.util.OptionalLong;

/**
 * How many patients the target EHR holds: one search {@code Patient?_summary=count}, whose searchset Bundle carries
 * {@code total} and no entries. The match stage's prior follows the number of patients it compares against, and
 * {@link OtherPatientsCheck} compares it with the patients the run created. Asked with {@code Cache-Control:
 * no-cache, no-store}: a HAPI server would otherwise answer a repeated search from its search cache for a minute.
 */
public final class FhirPatientCount {

    /**
     * The count, or why there is none.
     *
     * @param problem empty when counted; else the kind of failure without the server's words (which could quote
     *                data): the exception's class and HTTP status, or "no total in the answer"
     */
    public record Result(OptionalLong patients, String problem) {

        static Result counted(long n) {
            return new Result(OptionalLong.of(n), "");
        }

        static Result failed(String problem) {
            return new Result(OptionalLong.empty(), problem);
        }
    }

    private FhirPatientCount() {
    }

    /** Asks once; never throws for a server that cannot or will not count. */
    public static Result of(IGenericClient client) {
        try {
            Bundle b = client.search().forResource(Patient.class).summaryMode(SummaryEnum.COUNT)
                    .cacheControl(CacheControlDirective.noCache().setNoStore(true))
                    .returnBundle(Bundle.class).execute();
            if (!b.hasTotal()) {
                return Result.failed("no total in the answer");
            }
            return Result.counted(b.getTotal());
        } catch (BaseServerResponseException e) {
            return Result.failed(e.getClass().getSimpleName() + ", HTTP " + e.getStatusCode());
        } catch (RuntimeException e) {
            return Result.failed(e.getClass().getSimpleName());
        }
    }
}
