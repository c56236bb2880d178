package io.chartbridge.connector.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.exceptions.FhirClientConnectionException;
import ca.uhn.fhir.rest.client.exceptions.NonFhirResponseException;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.exceptions.ResourceGoneException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chartbridge.connector.fhir.FhirTransactionBundle.Intent;
import io.chartbridge.connector.fhir.auth.FhirTargetAuth;
import io.chartbridge.core.mapping.MappedResource;
import io.chartbridge.core.project.TargetSpec;
import io.chartbridge.core.project.TargetSpec.WriteMode;
import io.chartbridge.core.target.FhirTarget;
import io.chartbridge.core.target.LoadOutcome;
import io.chartbridge.core.target.TargetAccess;
import io.chartbridge.core.target.TargetRetry;
import io.chartbridge.core.target.TargetUnavailableException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads resources into a FHIR R4 server, one transaction Bundle per batch, through HAPI's generic client.
 * <p>
 * {@code PUT} mode writes every resource to its deterministic id ({@code PUT Patient/{id}}), so a re-run overwrites
 * instead of duplicating. {@code CONDITIONAL} mode creates resources that carry a business identifier with
 * {@code POST} + {@code ifNoneExist} and updates them with a conditional {@code PUT Patient?identifier=...}, for
 * servers that already hold records from other systems; resources without an identifier are PUT by id.
 * <p>
 * Calls run under the run's one {@link TargetRetry} policy: an outage (connection refused or reset, time-outs, 429,
 * 502/503/504) waits for the target within {@code target.retry.maxWait}; every write is idempotent, so a retry never
 * duplicates. Client construction is {@link FhirClients}'s.
 */
public final class FhirRestTarget implements FhirTarget {

    private static final Logger LOG = LoggerFactory.getLogger(FhirRestTarget.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String FHIR_JSON = "application/fhir+json";

    private final String baseUrl;
    private final WriteMode mode;
    private final IGenericClient client;
    private final TargetRetry retry;
    /** The credentials every client of this target shares (FhirClients registered them on {@link #client}). */
    private final FhirTargetAuth auth;
    /** What the target said it can do; until it is read (verify), anything, as the target's answers decide. */
    private volatile FhirTargetCapabilities capabilities = FhirTargetCapabilities.ANYTHING;
    /**
     * CONDITIONAL mode: {@code Patient/ourId -> Patient/serverId} for resources the server stored under an id of its
     * own during this run. Ids only (two short strings per resource), so it stays small next to the resources.
     */
    private final Map<String, String> serverRefs = new ConcurrentHashMap<>();

    public FhirRestTarget(TargetSpec spec, FhirContext ctx) {
        this(spec, ctx, FhirClients.retryPolicy(spec), FhirClients.SOCKET_TIMEOUT_MILLIS);
    }

    FhirRestTarget(TargetSpec spec, FhirContext ctx, TargetRetry retry, int socketTimeoutMillis) {
        this.baseUrl = FhirClients.baseUrl(spec);
        this.mode = spec.mode() == null ? WriteMode.PUT : spec.mode();
        this.retry = retry;
        this.client = FhirClients.create(ctx, spec, socketTimeoutMillis);
        this.auth = FhirTargetAuth.forTarget(spec);
    }

    @Override
    public TargetRetry retry() {
        return retry;
    }

    @Override
    public String key() {
        return "fhir:" + baseUrl;
    }

    @Override
    public void verify() throws TargetUnavailableException {
        // The credentials first: a key, token endpoint or scope problem is named as such, not as a 401 on /metadata.
        auth.verify();
        CapabilityStatement capability;
        try {
            capability = client.capabilities().ofType(CapabilityStatement.class).accept(FHIR_JSON).execute();
        } catch (RuntimeException e) {
            throw failureOf(e, "/metadata");
        }
        String version = capability.getFhirVersionElement().getValueAsString();
        if (version == null || !version.startsWith("4.0")) {
            throw unavailable("is not a FHIR R4 server (its /metadata reports "
                    + (version == null ? "no FHIR version" : "FHIR " + version) + ")");
        }
        LOG.info("FHIR target {} answers as FHIR {}", baseUrl, version);
        capabilities = FhirTargetCapabilities.of(capability);
    }

    @Override
    public List<String> capabilityGaps(java.util.Collection<String> typesLoaded, boolean matching) {
        return capabilities.gaps(typesLoaded, matching, mode);
    }

    @Override
    public void checkAccess(TargetAccess needs) throws TargetUnavailableException {
        auth.requireAccess(needs);
    }

    /** A read of {@code type/id}: found, or 404/410 (gone); any other answer means the server cannot tell us. */
    @Override
    public boolean holds(String type, String id) throws TargetUnavailableException {
        try {
            retry.call("read of " + type, () -> client.read().resource(type).withId(id).accept(FHIR_JSON).execute());
            return true;
        } catch (ResourceNotFoundException | ResourceGoneException e) {
            return false;
        } catch (TargetUnavailableException e) {
            throw e;
        } catch (RuntimeException e) {
            throw failureOf(e, "a read of " + type);
        }
    }

    @Override
    public List<LoadOutcome> load(List<MappedResource> batch) throws TargetUnavailableException {
        return write(batch, Intent.CREATE);
    }

    @Override
    public List<LoadOutcome> update(List<MappedResource> batch) throws TargetUnavailableException {
        return write(batch, Intent.UPDATE);
    }

    /** How this type is written: the project's mode, unless the target refuses client ids for it. */
    private WriteMode modeOf(String type) {
        return capabilities.writeMode(type, mode);
    }

    private List<LoadOutcome> write(List<MappedResource> batch, Intent intent) {
        if (batch.isEmpty()) {
            return List.of();
        }
        return switch (capabilities.interaction()) {
            case TRANSACTION -> exchange(batch, intent, "transaction");
            case BATCH -> inDependencyLevels(batch, level -> exchange(level, intent, "batch"));
            case ONE_BY_ONE -> inDependencyLevels(batch, level -> {
                List<LoadOutcome> out = new ArrayList<>(level.size());
                for (MappedResource r : level) {
                    out.addAll(exchange(List.of(r), intent, "request"));
                }
                return out;
            });
        };
    }

    /**
     * Without a transaction nothing resolves references between the entries sent together: a resource goes only
     * after those of the same call it refers to (levels: what refers to nothing here first), and later levels are
     * sent with the ids the target gave earlier ones.
     */
    private static List<LoadOutcome> inDependencyLevels(List<MappedResource> batch,
                                                        java.util.function.Function<List<MappedResource>,
                                                                List<LoadOutcome>> send) {
        Map<String, LoadOutcome> byRef = new java.util.HashMap<>();
        for (List<MappedResource> level : FhirDependencyLevels.of(batch)) {
            List<LoadOutcome> got = send.apply(level);
            for (int i = 0; i < level.size(); i++) {
                byRef.put(level.get(i).reference(), got.get(i));
            }
        }
        List<LoadOutcome> out = new ArrayList<>(batch.size());
        batch.forEach(r -> out.add(byRef.get(r.reference())));
        return out;
    }

    /**
     * One exchange with the target: a transaction or batch Bundle, or a single resource as a batch of one entry
     * sent as the plain request it stands for ({@code PUT Type/id}, {@code POST Type} with If-None-Exist, or a
     * conditional {@code PUT Type?identifier=...}).
     */
    private List<LoadOutcome> exchange(List<MappedResource> batch, Intent intent, String kind) {
        ObjectNode built = FhirTransactionBundle.build(baseUrl, this::modeOf, capabilities::serverAssignsIds, intent,
                batch, serverRefs);
        if (!kind.equals("transaction")) {
            built.put("type", "batch");
        }
        String response;
        try {
            if (kind.equals("request")) {
                response = retry.call("request for " + batch.get(0).type(), () -> single(built));
            } else {
                String bundle = built.toString();
                response = retry.call(kind + " of " + batch.size() + " resources",
                        () -> client.transaction().withBundle(bundle).accept(FHIR_JSON).execute());
            }
        } catch (TargetUnavailableException e) {
            throw e;
        } catch (FhirClientConnectionException e) {
            throw failureOf(e, kind);
        } catch (BaseServerResponseException e) {
            int status = e.getStatusCode();
            if (status == 401 || status == 403 || !kind.equals("request") && (status == 404 || status == 405)) {
                throw failureOf(e, kind);
            }
            // Refused as a whole (4xx), or still failing after the tries a 500 gets: the records fail, not the run.
            return failedBundle(batch, e, status < 500);
        } catch (RuntimeException e) {
            throw failureOf(e, kind);
        }
        try {
            List<LoadOutcome> outcomes = FhirTransactionResponse.outcomes(batch, JSON.readTree(response));
            rememberServerIds(outcomes);
            return outcomes;
        } catch (JsonProcessingException e) {
            throw unavailable("answered a transaction with something that is not FHIR JSON");
        }
    }

    /**
     * Sends the one entry of a batch Bundle as the plain request it describes, and answers as a batch-response with
     * that one entry would, so one reader serves all three ways of writing.
     */
    private String single(ObjectNode bundle) {
        JsonNode entry = bundle.path("entry").path(0);
        String method = entry.path("request").path("method").asText();
        String url = baseUrl + "/" + entry.path("request").path("url").asText();
        String body = entry.path("resource").toString();
        String ifNoneExist = entry.path("request").path("ifNoneExist").asText(null);
        ca.uhn.fhir.rest.api.MethodOutcome outcome;
        org.hl7.fhir.instance.model.api.IBaseResource resource = client.getFhirContext().newJsonParser()
                .parseResource(body);
        if (method.equals("POST")) {
            var create = client.create().resource(resource);
            outcome = ifNoneExist == null ? create.execute()
                    : create.conditionalByUrl(entry.path("request").path("url").asText() + "?" + ifNoneExist).execute();
        } else if (url.contains("?")) {
            outcome = client.update().resource(resource).conditionalByUrl(entry.path("request").path("url").asText())
                    .execute();
        } else {
            outcome = client.update().resource(resource).execute();
        }
        ObjectNode response = JSON.createObjectNode().put("resourceType", "Bundle").put("type", "batch-response");
        ObjectNode answer = response.putArray("entry").addObject().putObject("response");
        boolean created = Boolean.TRUE.equals(outcome.getCreated());
        answer.put("status", created ? "201 Created" : "200 OK");
        if (outcome.getId() != null) {
            answer.put("location", outcome.getId().toUnqualified().getValue());
        }
        return response.toString();
    }

    /** Remembers where the server put resources under ids of its own, for references sent in later bundles. */
    private void rememberServerIds(List<LoadOutcome> outcomes) {
        for (LoadOutcome o : outcomes) {
            if (o.targetId() != null && !o.targetId().equals(o.resourceId())) {
                serverRefs.put(o.resourceType() + "/" + o.resourceId(), o.resourceType() + "/" + o.targetId());
            }
        }
    }

    /**
     * A call the server refused as a whole: every entry failed, for the reason the server gave. A refusal (4xx)
     * says nothing of which resource was wrong, so it is marked {@link LoadOutcome#WHOLE_BATCH}: the load stage
     * splits the call until the refused resource stands alone. A 500 still failing after its tries is not split.
     */
    private static List<LoadOutcome> failedBundle(List<MappedResource> batch, BaseServerResponseException e,
                                                  boolean wholeTransaction) {
        String why = null;
        if (e.getResponseBody() != null) {
            try {
                why = FhirOperationOutcomes.diagnostics(JSON.readTree(e.getResponseBody()));
            } catch (JsonProcessingException notJson) {
                why = null;
            }
        }
        String error = "HTTP " + e.getStatusCode() + (wholeTransaction ? " " + LoadOutcome.WHOLE_BATCH : "") + ": "
                + (why != null ? why : FhirOperationOutcomes.oneLine(String.valueOf(e.getMessage())));
        List<LoadOutcome> outcomes = new ArrayList<>(batch.size());
        for (MappedResource r : batch) {
            outcomes.add(LoadOutcome.failed(r.type(), r.id(), error));
        }
        return outcomes;
    }

    private TargetUnavailableException failureOf(RuntimeException e, String what) {
        if (e instanceof TargetUnavailableException already) {
            return already;   // the credentials' own one line (SMART auth)
        }
        if (e instanceof FhirClientConnectionException) {
            return new TargetUnavailableException("FHIR target " + baseUrl + " is unreachable: "
                    + FhirConnectionFailures.reason(e), e);
        }
        if (e instanceof NonFhirResponseException) {
            return unavailable("is not a FHIR server: it answered " + what + " with something other than FHIR", e);
        }
        if (e instanceof BaseServerResponseException server) {
            int status = server.getStatusCode();
            if (status == 401) {
                return unavailable("refused the credentials (HTTP 401); check target.auth", e);
            }
            if (status == 403) {
                return unavailable("denied access (HTTP 403); the credentials lack the needed permissions", e);
            }
            if ((status == 404 || status == 405) && what.equals("transaction")) {
                return unavailable("does not take transactions at this URL (HTTP " + status + ")", e);
            }
            return unavailable("answered " + what + " with HTTP " + status, e);
        }
        if (e instanceof DataFormatException) {
            return unavailable("is not a FHIR R4 server: its " + what + " is not an R4 CapabilityStatement", e);
        }
        return unavailable("failed: " + e.getClass().getSimpleName(), e);
    }

    private TargetUnavailableException unavailable(String problem) {
        return new TargetUnavailableException("FHIR target " + baseUrl + " " + problem);
    }

    private TargetUnavailableException unavailable(String problem, Throwable cause) {
        return new TargetUnavailableException("FHIR target " + baseUrl + " " + problem, cause);
    }

    @Override
    public String toString() {
        return "FhirRestTarget[" + baseUrl + ", " + mode + "]";
    }
}
