package io.chartbridge.app.run;

import ca.uhn.fhir.context.support.IValidationSupport;
import ca.uhn.fhir.rest.api.EncodingEnum;
import ca.uhn.fhir.validation.IValidationContext;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
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
 * HAPI's {@link FhirInstanceValidator}, keeping the core library's {@link InstanceValidator} of each thread for
 * {@value #USES} validations instead of building one per call. Building one reads the library's OID table from a
 * CSV file every time, which was a third of the map stage's CPU (docs/benchmarks.md, issue 3). The validator is set
 * up exactly as HAPI's own wrapper sets it up (HAPI 8.8), and renewed now and then so that what it remembers between
 * calls stays small.
 *
 * <p>Only JSON resources that declare no profile take this path; anything else goes through HAPI's wrapper
 * unchanged. {@code PerThreadInstanceValidatorTest} checks both give the same messages.
 */
final class PerThreadInstanceValidator extends FhirInstanceValidator {

    static final int USES = 100;

    private final ThreadLocal<Slot> slots = new ThreadLocal<>();

    private static final class Slot {
        final InstanceValidator validator;
        int uses;

        Slot(InstanceValidator validator) {
            this.validator = validator;
        }
    }

    PerThreadInstanceValidator(IValidationSupport support) {
        super(support);
    }

    @Override
    protected List<ValidationMessage> validate(IValidationContext<?> context) {
        String json = context.getResourceAsString();
        if (context.getResourceAsStringEncoding() != EncodingEnum.JSON || !context.getOptions().getProfiles().isEmpty()
                || json.contains("\"profile\"")) {
            return super.validate(context);
        }
        List<ValidationMessage> messages = new ArrayList<>();
        validator().validate(null, messages, new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)),
                Manager.FhirFormat.JSON, new ArrayList<>());
        // As HAPI's wrapper: binding messages about value sets the core package does not hold are dropped.
        return messages.stream().filter(m -> m.getMessageId() == null
                || !(m.getMessageId().equals(I18nConstants.TERMINOLOGY_TX_BINDING_NOSOURCE)
                        || (m.getMessageId().equals(I18nConstants.TERMINOLOGY_TX_VALUESET_NOTFOUND)
                                && m.getMessage().contains("http://hl7.org/fhir/ValueSet/mimetypes"))))
                .toList();
    }

    private InstanceValidator validator() {
        Slot slot = slots.get();
        if (slot == null || slot.uses >= USES) {
            slot = new Slot(newValidator());
            slots.set(slot);
        }
        slot.uses++;
        return slot.validator;
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
