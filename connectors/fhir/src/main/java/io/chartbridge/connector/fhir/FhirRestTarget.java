package io.chartbridge.connector.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.api.IRestfulClientFactory;
import ca.uhn.fhir.rest.client.api.ServerValidationModeEnum;
import ca.uhn.fhir.rest.client.exceptions.FhirClientConnectionException;
import ca.uhn.fhir.rest.client.exceptions.NonFhirResponseException;
import ca.uhn.fhir.rest.client.interceptor.BasicAuthInterceptor;
import ca.uhn.fhir.rest.client.interceptor.BearerTokenAuthInterceptor;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.exceptions.ResourceGoneException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.chartbridge.connector.fhir.FhirTransactionBundle.Intent;
import io.chartbridge.core.mapping.MappedResource;
import io.chartbridge.core.project.TargetSpec;
import io.chartbridge.core.project.TargetSpec.AuthSpec;
import io.chartbridge.core.project.TargetSpec.WriteMode;
import io.chartbridge.core.target.FhirTarget;
import io.chartbridge.core.target.LoadOutcome;
import io.chartbridge.core.target.TargetUnavailableException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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
 * Transactions that fail because the server is overloaded or restarting (429, 5xx, connection reset) are retried
 * with backoff; every write is idempotent, so a retry never duplicates.
 */
public final class FhirRestTarget implements FhirTarget {

    private static final Logger LOG = LoggerFactory.getLogger(FhirRestTarget.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String FHIR_JSON = "application/fhir+json";
    static final int CONNECT_TIMEOUT_MILLIS = 10_000;
    /** Large bundles on a busy server take a while; a minute without a byte means it is stuck. */
    static final int SOCKET_TIMEOUT_MILLIS = 120_000;
    static final int ATTEMPTS = 3;

    private final String baseUrl;
    private final WriteMode mode;
    private final IGenericClient client;
    private final long firstBackoffMillis;
    /**
     * CONDITIONAL mode: {@code Patient/ourId -> Patient/serverId} for resources the server stored under an id of its
     * own during this run. Ids only (two short strings per resource), so it stays small next to the resources.
     */
    private final Map<String, String> serverRefs = new ConcurrentHashMap<>();

    public FhirRestTarget(TargetSpec spec, FhirContext ctx) {
        this(spec, ctx, 500);
    }

    FhirRestTarget(TargetSpec spec, FhirContext ctx, long firstBackoffMillis) {
        String url = spec.url() == null ? "" : spec.url().strip();
        while (url.endsWith("/")) {
            url = url.substring(0, url.length() - 1);
        }
        if (!url.startsWith("http://") && !url.startsWith("https://")) {
            throw new TargetUnavailableException("FHIR target: url must be an http:// or https:// base URL, e.g. "
                    + "http://127.0.0.1:8090/fhir");
        }
        this.baseUrl = url;
        this.mode = spec.mode() == null ? WriteMode.PUT : spec.mode();
        this.firstBackoffMillis = firstBackoffMillis;

        // The factory belongs to the application's one FhirContext; these settings suit every client it makes.
        IRestfulClientFactory factory = ctx.getRestfulClientFactory();
        // We read /metadata ourselves in verify(); HAPI's own check would add a hidden request to the first call.
        factory.setServerValidationMode(ServerValidationModeEnum.NEVER);
        factory.setConnectTimeout(CONNECT_TIMEOUT_MILLIS);
        factory.setSocketTimeout(SOCKET_TIMEOUT_MILLIS);
        int inFlight = Math.max(1, spec.concurrency());
        if (factory.getPoolMaxPerRoute() < inFlight) {
            factory.setPoolMaxPerRoute(inFlight);
            factory.setPoolMaxTotal(Math.max(factory.getPoolMaxTotal(), inFlight));
        }
        this.client = ctx.newRestfulGenericClient(baseUrl);
        this.client.setPrettyPrint(false);
        registerAuth(spec.auth());
    }

    private void registerAuth(AuthSpec auth) {
        String type = auth == null || auth.type() == null ? "none" : auth.type().strip().toLowerCase(Locale.ROOT);
        switch (type) {
            case "none", "" -> { }
            case "bearer" -> {
                if (auth.token() == null || auth.token().isBlank()) {
                    throw unavailable("auth type bearer needs a token (give it through ${VARIABLE})");
                }
                client.registerInterceptor(new BearerTokenAuthInterceptor(auth.token()));
            }
            case "basic" -> {
                if (auth.username() == null || auth.username().isBlank() || auth.password() == null) {
                    throw unavailable("auth type basic needs a username and a password");
                }
                client.registerInterceptor(new BasicAuthInterceptor(auth.username(), auth.password()));
            }
            default -> throw unavailable("auth type must be none, bearer or basic");
        }
    }

    @Override
    public String key() {
        return "fhir:" + baseUrl;
    }

    @Override
    public void verify() throws TargetUnavailableException {
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
    }

    /** A read of {@code type/id}: found, or 404/410 (gone); any other answer means the server cannot tell us. */
    @Override
    public boolean holds(String type, String id) throws TargetUnavailableException {
        try {
            client.read().resource(type).withId(id).accept(FHIR_JSON).execute();
            return true;
        } catch (ResourceNotFoundException | ResourceGoneException e) {
            return false;
        } catch (RuntimeException e) {
            throw failureOf(e, "a read of " + type);
        }
    }

    @Override
    public List<LoadOutcome> load(List<MappedResource> batch) throws TargetUnavailableException {
        return transaction(batch, Intent.CREATE);
    }

    @Override
    public List<LoadOutcome> update(List<MappedResource> batch) throws TargetUnavailableException {
        return transaction(batch, mode == WriteMode.CONDITIONAL ? Intent.UPDATE : Intent.CREATE);
    }

    private List<LoadOutcome> transaction(List<MappedResource> batch, Intent intent) {
        if (batch.isEmpty()) {
            return List.of();
        }
        String bundle = FhirTransactionBundle.build(baseUrl, mode, intent, batch, serverRefs).toString();
        RuntimeException last = null;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            try {
                String response = client.transaction().withBundle(bundle).accept(FHIR_JSON).execute();
                List<LoadOutcome> outcomes = FhirTransactionResponse.outcomes(batch, JSON.readTree(response));
                rememberServerIds(outcomes);
                return outcomes;
            } catch (JsonProcessingException e) {
                throw unavailable("answered a transaction with something that is not FHIR JSON");
            } catch (FhirClientConnectionException e) {
                if (!FhirConnectionFailures.transientFailure(e)) {
                    throw failureOf(e, "transaction");
                }
                last = e;
            } catch (BaseServerResponseException e) {
                int status = e.getStatusCode();
                if (status == 401 || status == 403 || status == 404 || status == 405) {
                    throw failureOf(e, "transaction");
                }
                if (status != 429 && status < 500) {
                    return failedBundle(batch, e);
                }
                last = e;
            }
            if (attempt < ATTEMPTS) {
                long wait = firstBackoffMillis << (attempt - 1);
                LOG.warn("Transaction of {} resources to {} failed ({}); trying again in {} ms", batch.size(),
                        baseUrl, shortReason(last), wait);
                sleep(wait);
            }
        }
        throw failureOf(last, "transaction");
    }

    /** Remembers where the server put resources under ids of its own, for references sent in later bundles. */
    private void rememberServerIds(List<LoadOutcome> outcomes) {
        if (mode != WriteMode.CONDITIONAL) {
            return;
        }
        for (LoadOutcome o : outcomes) {
            if (o.targetId() != null && !o.targetId().equals(o.resourceId())) {
                serverRefs.put(o.resourceType() + "/" + o.resourceId(), o.resourceType() + "/" + o.targetId());
            }
        }
    }

    /** A transaction the server refused as a whole: every entry failed, for the reason the server gave. */
    private static List<LoadOutcome> failedBundle(List<MappedResource> batch, BaseServerResponseException e) {
        String why = null;
        if (e.getResponseBody() != null) {
            try {
                why = FhirOperationOutcomes.diagnostics(JSON.readTree(e.getResponseBody()));
            } catch (JsonProcessingException notJson) {
                why = null;
            }
        }
        String error = "HTTP " + e.getStatusCode() + " for the whole transaction: "
                + (why != null ? why : FhirOperationOutcomes.oneLine(String.valueOf(e.getMessage())));
        List<LoadOutcome> outcomes = new ArrayList<>(batch.size());
        for (MappedResource r : batch) {
            outcomes.add(LoadOutcome.failed(r.type(), r.id(), error));
        }
        return outcomes;
    }

    private TargetUnavailableException failureOf(RuntimeException e, String what) {
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

    private static String shortReason(RuntimeException e) {
        if (e instanceof BaseServerResponseException server) {
            return "HTTP " + server.getStatusCode();
        }
        return FhirConnectionFailures.reason(e);
    }

    private TargetUnavailableException unavailable(String problem) {
        return new TargetUnavailableException("FHIR target " + baseUrl + " " + problem);
    }

    private TargetUnavailableException unavailable(String problem, Throwable cause) {
        return new TargetUnavailableException("FHIR target " + baseUrl + " " + problem, cause);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TargetUnavailableException("Interrupted while waiting to retry a transaction", e);
        }
    }

    @Override
    public String toString() {
        return "FhirRestTarget[" + baseUrl + ", " + mode + "]";
    }
}
