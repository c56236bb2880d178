package io.chartbridge.app.run;

import ca.uhn.fhir.context.FhirContext;
import io.chartbridge.connector.fhir.FhirRestTarget;
import io.chartbridge.connector.ndjson.NdjsonFolderTarget;
import io.chartbridge.core.FatalSetupException;
import io.chartbridge.core.project.TargetSpec;
import io.chartbridge.core.target.FhirTarget;
import org.springframework.stereotype.Component;

/** Creates the target a project declares. */
@Component
public class TargetFactory {

    private final FhirContext fhirContext;

    public TargetFactory(FhirContext fhirContext) {
        this.fhirContext = fhirContext;
    }

    /** The application's one FhirContext (null in tests that only write NDJSON). */
    public FhirContext fhirContext() {
        return fhirContext;
    }

    public FhirTarget create(TargetSpec spec) {
        return switch (spec.kind()) {
            case "ndjson" -> new NdjsonFolderTarget(spec.location());
            case "fhir" -> new FhirRestTarget(spec, fhirContext);
            default -> throw new FatalSetupException("Unknown target kind '" + spec.kind() + "'");
        };
    }
}
