package io.chartbridge.app.run;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.SingleValidationMessage;
import ca.uhn.fhir.validation.ValidationResult;
import io.chartbridge.core.mapping.MappedResource;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Validates every produced resource against the FHIR R4 core specification with HAPI's validator before it may
 * be loaded. Only errors stop a resource; warnings and information do not. Codes of required bindings that HAPI
 * models as enumerations are checked by its strict parser; the validator's own terminology checks (against the
 * code systems HAPI ships, no server contacted) cost milliseconds per resource and are off unless
 * {@code chartbridge.validation.terminology-checks=true}.
 *
 * <p>The validator costs milliseconds per resource, more than everything else a record goes through, while the
 * resources of one mapping come in a handful of shapes. So it runs once per distinct {@link ResourceShape} in the
 * life of the process, and a resource whose shape it has passed is not validated again; the strict parser still
 * checks every resource's values. Set {@code chartbridge.validation.by-shape=false} to validate every resource
 * (ADR 008). HAPI's core validators are pooled between calls ({@link PooledInstanceValidator}). Strings no FHIR
 * server accepts (a control character, more than 1 MB) are looked for in every resource ({@link FhirStrings}),
 * since they do not change a resource's shape.
 */
@Component
public class ResourceValidation {

    private static final int MAX_MESSAGES = 3;
    /** Bounds the memory of the shape cache; beyond it, new shapes are validated every time. */
    static final int MAX_SHAPES = 20_000;

    private final FhirContext fhir;
    private final boolean enabled;
    private volatile Built validator;

    private final boolean terminologyChecks;
    private final ResourceShape shapes;
    private final boolean byShape;
    private final Set<String> validShapes = ConcurrentHashMap.newKeySet();
    private final AtomicLong validatorRuns = new AtomicLong();

    public ResourceValidation(FhirContext fhir, @Value("${chartbridge.validation.enabled:true}") boolean enabled,
                              @Value("${chartbridge.validation.terminology-checks:false}") boolean terminologyChecks,
                              @Value("${chartbridge.validation.by-shape:true}") boolean byShape) {
        this.fhir = fhir;
        this.enabled = enabled;
        this.terminologyChecks = terminologyChecks;
        this.byShape = byShape;
        this.shapes = new ResourceShape(fhir);
    }

    /**
     * A synthetic patient with the elements mappings produce, so that the warm-up loads the definitions and runs
     * the code paths the first real records need.
     */
    private static final String WARM_UP = "{\"resourceType\":\"Patient\",\"id\":\"warm-up\","
            + "\"meta\":{\"source\":\"chartbridge#warm-up\"},"
            + "\"identifier\":[{\"system\":\"urn:example:mrn\",\"value\":\"0\"}],"
            + "\"name\":[{\"family\":\"Example\",\"given\":[\"Sample\"]}],"
            + "\"telecom\":[{\"system\":\"phone\",\"value\":\"555-0100\"}],"
            + "\"gender\":\"female\",\"birthDate\":\"1970-01-01\","
            + "\"address\":[{\"line\":[\"1 Example St\"],\"city\":\"Example\",\"postalCode\":\"00000\"}]}";
    /** Core validators built ahead of the run: one per thread of the map stage that validates at once. */
    private static final int PREPARED = 2;

    /** A HAPI validator with the pooled module it validates with. */
    private record Built(FhirValidator validator, PooledInstanceValidator module) {
    }

    /** The validator of the default set-up (the shared R4 context, no terminology checks); see {@link #warmUpEarly}. */
    private static Built shared;
    private static final java.util.concurrent.atomic.AtomicBoolean SHARED_WARM_UP_STARTED =
            new java.util.concurrent.atomic.AtomicBoolean();

    /**
     * Starts loading the R4 definitions (seconds of CPU) on another thread before the application itself starts,
     * so that it overlaps Spring's and Camel's start instead of holding up the first records of the run;
     * {@code chartbridge run} calls it first. Serves the default set-up only; others load when the bean starts.
     */
    public static void warmUpEarly() {
        if (SHARED_WARM_UP_STARTED.compareAndSet(false, true)) {
            warmUpInBackground(sharedValidator());
        }
    }

    /** Loads the definitions as soon as this bean exists, unless {@link #warmUpEarly} already started it. */
    @jakarta.annotation.PostConstruct
    void warmUp() {
        if (!enabled) {
            return;
        }
        if (usesShared()) {
            warmUpEarly();
        } else {
            warmUpInBackground(validator());
        }
    }

    private static void warmUpInBackground(Built v) {
        Thread t = new Thread(() -> {
            v.validator().validateWithResult(WARM_UP);
            v.module().prepare(PREPARED);
        }, "validator-warm-up");
        t.setDaemon(true);
        t.start();
    }

    /** Null when the resource is valid; otherwise the validator's error messages with their FHIR paths. */
    public String problems(MappedResource resource) {
        if (!enabled) {
            return null;
        }
        String control = FhirStrings.find(resource.type(), resource.json());
        if (control != null) {
            return resource.type() + " is not valid FHIR R4: " + control;
        }
        String json = resource.json().toString();
        String codes = invalidCodes(json);
        if (codes != null) {
            return resource.type() + " is not valid FHIR R4: " + resource.type() + "." + codes;
        }
        String shape = byShape ? shapes.of(resource.json()) : null;
        if (shape != null && validShapes.contains(shape)) {
            return null;
        }
        validatorRuns.incrementAndGet();
        ValidationResult result = validator().validator().validateWithResult(json);
        List<SingleValidationMessage> errors = result.getMessages().stream()
                .filter(m -> m.getSeverity() == ResultSeverityEnum.ERROR || m.getSeverity() == ResultSeverityEnum.FATAL)
                .toList();
        if (errors.isEmpty()) {
            if (shape != null && validShapes.size() < MAX_SHAPES) {
                validShapes.add(shape);
            }
            return null;
        }
        String shown = errors.stream().limit(MAX_MESSAGES)
                .map(m -> m.getLocationString() + ": " + m.getMessage())
                .collect(Collectors.joining("; "));
        int more = errors.size() - MAX_MESSAGES;
        return resource.type() + " is not valid FHIR R4: " + shown + (more > 0 ? " (and " + more + " more)" : "");
    }

    /** How many times HAPI's validator itself ran (the rest were resources of a shape it had passed). */
    long validatorRuns() {
        return validatorRuns.get();
    }

    /**
     * Codes outside a required binding that HAPI models as an enumeration (Patient.gender, status elements): the
     * strict parser rejects them in microseconds, where a terminology check of the validator costs milliseconds.
     */
    private String invalidCodes(String json) {
        try {
            strictParser().parseResource(json);
            return null;
        } catch (ca.uhn.fhir.parser.DataFormatException e) {
            // The parser's message quotes the value (possibly PHI): keep the element name only.
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("element=\"([^\"]+)\"")
                    .matcher(String.valueOf(e.getMessage()));
            return (m.find() ? m.group(1) : "(element)") + ": not a valid value for this element (e.g. a code"
                    + " outside its required value set)";
        }
    }

    private ca.uhn.fhir.parser.IParser strictParser() {
        ca.uhn.fhir.parser.IParser p = fhir.newJsonParser();
        p.setParserErrorHandler(new ca.uhn.fhir.parser.StrictErrorHandler());
        return p;
    }

    /** Built on first use: loading the R4 core definitions takes seconds and is not needed when disabled. */
    private Built validator() {
        if (usesShared()) {
            return sharedValidator();
        }
        Built v = validator;
        if (v == null) {
            synchronized (this) {
                v = validator;
                if (v == null) {
                    v = build(fhir, terminologyChecks);
                    validator = v;
                }
            }
        }
        return v;
    }

    private boolean usesShared() {
        return fhir == FhirContext.forR4Cached() && !terminologyChecks;
    }

    private static synchronized Built sharedValidator() {
        if (shared == null) {
            shared = build(FhirContext.forR4Cached(), false);
        }
        return shared;
    }

    /** Cheap: the definitions load on the first validation. */
    private static Built build(FhirContext fhir, boolean terminologyChecks) {
        ValidationSupportChain chain = new ValidationSupportChain(
                new DefaultProfileValidationSupport(fhir),
                new InMemoryTerminologyServerValidationSupport(fhir),
                new CommonCodeSystemsTerminologyService(fhir));
        PooledInstanceValidator module = new PooledInstanceValidator(chain);
        module.setNoTerminologyChecks(!terminologyChecks);
        return new Built(fhir.newValidator().registerValidatorModule(module), module);
    }
}
