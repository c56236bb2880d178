package io.chartbridge.app.run;

import ca.uhn.fhir.context.support.IValidationSupport;
import ca.uhn.fhir.rest.api.EncodingEnum;
import ca.uhn.fhir.validation.IValidationContext;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedDeque;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.hl7.fhir.r5.context.IWorkerContext;
import org.hl7.fhir.r5.elementmodel.Manager;
import org.hl7.fhir.r5.utils.validation.ValidatorSession;
import org.hl7.fhir.r5.utils.validation.constants.IdStatus;
import org.hl7.fhir.r5.utils.xver.XVerExtensionManagerOld;
import org.hl7.fhir.utilities.i18n.I18nConstants;
import org.hl7.fhir.utilities.validation.ValidationMessage;
import org.hl7.fhir.validation.ValidatorSettings;
import org.hl7.fhir.validation.instance.InstanceValidator;

/**
 * HAPI's {@link FhirInstanceValidator}, keeping the core library's {@link InstanceValidator}s in a pool, each used for
 * {@value #USES} validations, instead of building one per call. Building one reads the library's OID table from a
 * CSV file and sets up a FHIRPath engine over every structure definition, which was a third of the map stage's CPU
 * (docs/benchmarks.md, issue 3). A core validator is not thread-safe: a call takes one from the pool (or builds one)
 * and gives it back when done, so there are never more than there are threads validating at once, and
 * {@link #prepare} can build them before a run needs them. Each is set up exactly as HAPI's own wrapper sets it up
 * (HAPI 8.8), and renewed now and then so that what it remembers between calls stays small.
 *
 * <p>Only JSON resources that declare no profile take this path; anything else goes through HAPI's wrapper
 * unchanged. {@code PooledInstanceValidatorTest} checks both give the same messages.
 */
final class PooledInstanceValidator extends FhirInstanceValidator {

    static final int USES = 100;

    private final Deque<Slot> idle = new ConcurrentLinkedDeque<>();

    private static final class Slot {
        final InstanceValidator validator;
        int uses;

        Slot(InstanceValidator validator) {
            this.validator = validator;
        }
    }

    PooledInstanceValidator(IValidationSupport support) {
        super(support);
    }

    /** Builds core validators until {@code count} wait in the pool (the threads that will validate at once). */
    void prepare(int count) {
        while (idle.size() < count) {
            idle.offerLast(new Slot(newValidator()));
        }
    }

    /** Core validators waiting to be used. */
    int idle() {
        return idle.size();
    }

    @Override
    protected List<ValidationMessage> validate(IValidationContext<?> context) {
        String json = context.getResourceAsString();
        if (context.getResourceAsStringEncoding() != EncodingEnum.JSON || !context.getOptions().getProfiles().isEmpty()
                || json.contains("\"profile\"")) {
            return super.validate(context);
        }
        List<ValidationMessage> messages = new ArrayList<>();
        Slot slot = idle.pollFirst();
        if (slot == null) {
            slot = new Slot(newValidator());
        }
        try {
            slot.validator.validate(null, messages, new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)),
                    Manager.FhirFormat.JSON, new ArrayList<>());
        } finally {
            if (++slot.uses < USES) {
                idle.offerFirst(slot);
            }
        }
        // As HAPI's wrapper: binding messages about value sets the core package does not hold are dropped.
        return messages.stream().filter(m -> m.getMessageId() == null
                || !(m.getMessageId().equals(I18nConstants.TERMINOLOGY_TX_BINDING_NOSOURCE)
                        || (m.getMessageId().equals(I18nConstants.TERMINOLOGY_TX_VALUESET_NOTFOUND)
                                && m.getMessage().contains("http://hl7.org/fhir/ValueSet/mimetypes"))))
                .toList();
    }

    /** What HAPI's {@code ValidatorWrapper} builds for each call, with this module's settings. */
    private InstanceValidator newValidator() {
        IWorkerContext worker = provideWorkerContext(); // built once and shared, as for HAPI's own calls
        InstanceValidator v;
        try {
            v = new InstanceValidator(worker, Objects.requireNonNullElseGet(getHostApplicationServices(),
                    NullEvaluationContext::new), new XVerExtensionManagerOld(worker), new ValidatorSession(),
                    new ValidatorSettings());
        } catch (Exception e) {
            throw new IllegalStateException("HAPI's instance validator could not be built", e);
        }
        v.setAssumeValidRestReferences(isAssumeValidRestReferences());
        v.setBestPracticeWarningLevel(getBestPracticeWarningLevel());
        v.setAnyExtensionsAllowed(isAnyExtensionsAllowed());
        v.setResourceIdRule(IdStatus.OPTIONAL);
        v.setNoTerminologyChecks(isNoTerminologyChecks());
        v.setErrorForUnknownProfiles(isErrorForUnknownProfiles());
        v.setUnknownCodeSystemsCauseErrors(true);
        v.getExtensionDomains().addAll(getExtensionDomains());
        v.setFetcher(getValidatorResourceFetcher());
        v.setPolicyAdvisor(getValidatorPolicyAdvisor());
        v.setNoExtensibleWarnings(isNoExtensibleWarnings());
        v.setNoBindingMsgSuppressed(isNoBindingMsgSuppressed());
        v.setAllowExamples(isAllowExamples());
        v.setAllowXsiLocation(true);
        return v;
    }
}
