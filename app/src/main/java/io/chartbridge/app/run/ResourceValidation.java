package io.chartbridge.app.run;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.SingleValidationMessage;
import ca.uhn.fhir.validation.ValidationResult;
import io.chartbridge.core.mapping.MappedResource;
import java.util.List;
import java.util.stream.Collectors;
import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Validates every produced resource against the FHIR R4 core specification with HAPI's validator before it may
 * be loaded. Only errors stop a resource; warnings and information do not. Terminology is checked against the code
 * systems HAPI ships (no terminology server is contacted).
 */
@Component
public class ResourceValidation {

    private static final int MAX_MESSAGES = 3;

    private final FhirContext fhir;
    private final boolean enabled;
    private volatile FhirValidator validator;

    public ResourceValidation(FhirContext fhir, @Value("${chartbridge.validation.enabled:true}") boolean enabled) {
        this.fhir = fhir;
        this.enabled = enabled;
    }

    /**
     * Loads the R4 definitions in the background as soon as the application is up, so that the first record of a
     * run does not wait for them (it takes seconds).
     */
    @org.springframework.context.event.EventListener(org.springframework.boot.context.event.ApplicationReadyEvent.class)
    public void warmUp() {
        if (enabled) {
            Thread t = new Thread(() -> validator().validateWithResult(
                    "{\"resourceType\":\"Patient\",\"gender\":\"female\"}"), "validator-warm-up");
            t.setDaemon(true);
            t.start();
        }
    }

    /** Null when the resource is valid; otherwise the validator's error messages with their FHIR paths. */
    public String problems(MappedResource resource) {
        if (!enabled) {
            return null;
        }
        ValidationResult result = validator().validateWithResult(resource.json().toString());
        List<SingleValidationMessage> errors = result.getMessages().stream()
                .filter(m -> m.getSeverity() == ResultSeverityEnum.ERROR || m.getSeverity() == ResultSeverityEnum.FATAL)
                .toList();
        if (errors.isEmpty()) {
            return null;
        }
        String shown = errors.stream().limit(MAX_MESSAGES)
                .map(m -> m.getLocationString() + ": " + m.getMessage())
                .collect(Collectors.joining("; "));
        int more = errors.size() - MAX_MESSAGES;
        return resource.type() + " is not valid FHIR R4: " + shown + (more > 0 ? " (and " + more + " more)" : "");
    }

    /** Built on first use: loading the R4 core definitions takes seconds and is not needed when disabled. */
    private FhirValidator validator() {
        FhirValidator v = validator;
        if (v == null) {
            synchronized (this) {
                v = validator;
                if (v == null) {
                    ValidationSupportChain chain = new ValidationSupportChain(
                            new DefaultProfileValidationSupport(fhir),
                            new InMemoryTerminologyServerValidationSupport(fhir),
                            new CommonCodeSystemsTerminologyService(fhir));
                    FhirInstanceValidator module = new FhirInstanceValidator(chain);
                    module.setNoTerminologyChecks(false);
                    v = fhir.newValidator().registerValidatorModule(module);
                    validator = v;
                }
            }
        }
        return v;
    }
}
