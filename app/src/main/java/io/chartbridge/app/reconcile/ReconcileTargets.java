package io.chartbridge.app.reconcile;

import ca.uhn.fhir.context.FhirContext;
import io.chartbridge.connector.fhir.FhirTargetStore;
import io.chartbridge.core.FatalSetupException;
import io.chartbridge.core.project.TargetSpec;
import io.chartbridge.core.reconcile.TargetStore;

/** The target of a project as the diff and undo see it. FHIR servers only: an NDJSON folder is not an EHR. */
public final class ReconcileTargets {

    private ReconcileTargets() {
    }

    public static TargetStore open(TargetSpec spec, FhirContext ctx) {
        if (!"fhir".equals(spec.kind())) {
            throw new FatalSetupException("diff and undo work on a FHIR target; this project's target is "
                    + spec.kind() + " (an NDJSON folder can be compared with diff tools and deleted by hand)");
        }
        return new FhirTargetStore(spec, ctx);
    }
}
